package io.nexusgateway.controlplane.support;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * Statements that change data, schema objects, privileges or roles, or run procedures: every one must be refused by
 * Trino on a read-only datasource's catalog, whichever way it arrives (JDBC directly, the CLI, the REST API), and
 * must not be refused by the access control on a writable one.
 *
 * <p>Templates use {@code {catalog}}, {@code {schema}}, {@code {table}} (an existing table with columns
 * {@code id INT, amount DECIMAL(10,2)}) and {@code {fresh}} (a name nothing has yet). Render them with
 * {@link Statement#render}.
 *
 * <p>Not here, because Trino refuses them before any access check on the JDBC connectors (so they prove nothing about
 * the policy): catalog role management ({@code CREATE ROLE r IN c}: "does not support role management"), table
 * functions other than {@code query} (none is registered), views other than {@code CREATE} (JDBC catalogs hold no Trino
 * views). The plugin's unit tests cover those decisions.
 *
 * <p>A statement {@link Statement#changesSchema() that changes the schema itself} (drop, rename,
 * authorization) should get a scratch schema on a writable catalog, or it takes the other statements' schema away.
 */
public final class WriteStatementCorpus {
    public static final String MARIADB = "mariadb";
    public static final String POSTGRESQL = "postgresql";
    private static final Set<String> BOTH = Set.of(MARIADB, POSTGRESQL);
    private static final Set<String> NONE = Set.of();
    private static final Set<String> ONLY_POSTGRESQL = Set.of(POSTGRESQL);

    private WriteStatementCorpus() {}

    /**
     * @param name a short stable label
     * @param succeedsOn source types whose writable catalog runs the statement successfully; on the others Trino's
     *     connector or the source refuses it (not supported, not permitted by the source login), never the access
     *     control
     */
    public record Statement(String name, String template, Set<String> succeedsOn) {
        public Statement {
            requireNonNull(name, "name is null");
            requireNonNull(template, "template is null");
            succeedsOn = Set.copyOf(succeedsOn);
        }

        public String render(String catalog, String schema, String table, String fresh) {
            return template.replace("{catalog}", catalog)
                    .replace("{schema}", schema)
                    .replace("{table}", table)
                    .replace("{fresh}", fresh);
        }

        public boolean succeedsOn(String sourceType) {
            return succeedsOn.contains(sourceType);
        }

        /** Drops, renames or re-owns {@code {schema}} itself. */
        public boolean changesSchema() {
            return name.contains("schema")
                    && !name.contains("create")
                    && !name.contains("grant")
                    && !name.contains("revoke")
                    && !name.contains("deny");
        }
    }

    public static List<Statement> statements() {
        return STATEMENTS;
    }

    private static final String T = "{catalog}.{schema}.{table}";
    private static final String NEW = "{catalog}.{schema}.{fresh}";

    private static final List<Statement> STATEMENTS = List.of(
            // data
            new Statement("insert values", "INSERT INTO " + T + " VALUES (100, 1.00)", BOTH),
            new Statement("insert columns", "INSERT INTO " + T + " (id, amount) VALUES (101, 2.00)", BOTH),
            new Statement("insert select", "INSERT INTO " + T + " SELECT id + 1000, amount FROM " + T, BOTH),
            new Statement("update one row", "UPDATE " + T + " SET amount = 0 WHERE id = 1", BOTH),
            new Statement("update all rows", "UPDATE " + T + " SET amount = amount + 1", NONE),
            new Statement("delete where", "DELETE FROM " + T + " WHERE id = 1", BOTH),
            new Statement("delete all", "DELETE FROM " + T, BOTH),
            new Statement(
                    "merge",
                    "MERGE INTO " + T + " t USING (VALUES (1, 5.00)) AS s(id, amount) ON t.id = s.id "
                            + "WHEN MATCHED THEN UPDATE SET amount = s.amount "
                            + "WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount)",
                    NONE),
            new Statement("truncate", "TRUNCATE TABLE " + T, BOTH),
            // tables
            new Statement("create table", "CREATE TABLE " + NEW + " (id INTEGER)", BOTH),
            new Statement("create table if not exists", "CREATE TABLE IF NOT EXISTS " + NEW + " (id INTEGER)", BOTH),
            new Statement("create table as", "CREATE TABLE " + NEW + " AS SELECT * FROM " + T, BOTH),
            new Statement(
                    "create table as with no data",
                    "CREATE TABLE " + NEW + " AS SELECT * FROM " + T + " WITH NO DATA",
                    BOTH),
            new Statement("create or replace table", "CREATE OR REPLACE TABLE " + T + " (id INTEGER)", NONE),
            new Statement("drop table", "DROP TABLE " + T, BOTH),
            new Statement("drop table if exists", "DROP TABLE IF EXISTS " + T, BOTH),
            new Statement("rename table", "ALTER TABLE " + T + " RENAME TO " + NEW, BOTH),
            new Statement("rename table if exists", "ALTER TABLE IF EXISTS " + T + " RENAME TO " + NEW, BOTH),
            new Statement("add column", "ALTER TABLE " + T + " ADD COLUMN note VARCHAR(20)", BOTH),
            new Statement(
                    "add column if not exists",
                    "ALTER TABLE " + T + " ADD COLUMN IF NOT EXISTS note VARCHAR(20)",
                    BOTH),
            new Statement("drop column", "ALTER TABLE " + T + " DROP COLUMN amount", BOTH),
            new Statement("rename column", "ALTER TABLE " + T + " RENAME COLUMN amount TO total", BOTH),
            new Statement(
                    "set column type",
                    "ALTER TABLE " + T + " ALTER COLUMN amount SET DATA TYPE DECIMAL(12,2)",
                    ONLY_POSTGRESQL),
            new Statement("drop not null", "ALTER TABLE " + T + " ALTER COLUMN id DROP NOT NULL", NONE),
            new Statement("set table authorization", "ALTER TABLE " + T + " SET AUTHORIZATION USER alice", NONE),
            new Statement("execute table procedure", "ALTER TABLE " + T + " EXECUTE optimize", NONE),
            new Statement("comment on table", "COMMENT ON TABLE " + T + " IS 'audited'", BOTH),
            new Statement("comment on column", "COMMENT ON COLUMN " + T + ".amount IS 'audited'", ONLY_POSTGRESQL),
            // schemas
            new Statement("create schema", "CREATE SCHEMA {catalog}.{fresh}", ONLY_POSTGRESQL),
            new Statement(
                    "create schema if not exists", "CREATE SCHEMA IF NOT EXISTS {catalog}.{fresh}", ONLY_POSTGRESQL),
            new Statement("drop schema", "DROP SCHEMA {catalog}.{schema}", BOTH),
            new Statement("drop schema cascade", "DROP SCHEMA {catalog}.{schema} CASCADE", BOTH),
            new Statement("rename schema", "ALTER SCHEMA {catalog}.{schema} RENAME TO {fresh}", ONLY_POSTGRESQL),
            new Statement(
                    "set schema authorization", "ALTER SCHEMA {catalog}.{schema} SET AUTHORIZATION USER alice", NONE),
            // views
            new Statement("create view", "CREATE VIEW " + NEW + " AS SELECT * FROM " + T, NONE),
            new Statement("create or replace view", "CREATE OR REPLACE VIEW " + NEW + " AS SELECT 1 AS one", NONE),
            new Statement(
                    "create materialized view", "CREATE MATERIALIZED VIEW " + NEW + " AS SELECT * FROM " + T, NONE),
            // privileges
            new Statement("grant on table", "GRANT SELECT ON TABLE " + T + " TO USER alice", NONE),
            new Statement(
                    "grant with grant option", "GRANT INSERT ON TABLE " + T + " TO USER alice WITH GRANT OPTION", NONE),
            new Statement("revoke on table", "REVOKE SELECT ON TABLE " + T + " FROM USER alice", NONE),
            new Statement(
                    "revoke grant option", "REVOKE GRANT OPTION FOR INSERT ON TABLE " + T + " FROM USER alice", NONE),
            new Statement("deny on table", "DENY DELETE ON TABLE " + T + " TO USER alice", NONE),
            new Statement("grant on schema", "GRANT SELECT ON SCHEMA {catalog}.{schema} TO USER alice", NONE),
            new Statement("revoke on schema", "REVOKE SELECT ON SCHEMA {catalog}.{schema} FROM USER alice", NONE),
            new Statement("deny on schema", "DENY SELECT ON SCHEMA {catalog}.{schema} TO USER alice", NONE),
            // procedures and functions
            new Statement("call flush_metadata_cache", "CALL {catalog}.system.flush_metadata_cache()", BOTH),
            new Statement(
                    "call execute", "CALL {catalog}.system.execute(query => 'DELETE FROM {schema}.{table}')", BOTH),
            new Statement("create function", "CREATE FUNCTION " + NEW + "() RETURNS INTEGER RETURN 1", NONE),
            new Statement("drop function", "DROP FUNCTION " + NEW + "()", NONE));
}
