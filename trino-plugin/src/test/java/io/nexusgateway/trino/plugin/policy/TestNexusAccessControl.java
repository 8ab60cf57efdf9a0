package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.EntityKindAndName;
import io.trino.spi.connector.EntityPrivilege;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.Identity;
import io.trino.spi.security.PrincipalType;
import io.trino.spi.security.Privilege;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.TrinoPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The decision table of the module's README, method by method. */
final class TestNexusAccessControl {
    private static final String READ_ONLY = "maria_sales";
    private static final String WRITABLE = "etl_target";
    private static final String STRANGER = "hand_made";
    private static final String UNGRANTED = "hr_payroll";
    private static final String PG_PASS_THROUGH = "pg_crm";
    private static final String MARIA_PASS_THROUGH = "maria_shop";
    private static final Policy POLICY = new Policy(
            List.of(
                    new Policy.CatalogPolicy(READ_ONLY, "maria_sales", false, List.of("alice"), List.of()),
                    new Policy.CatalogPolicy(
                            PG_PASS_THROUGH, "pg crm", "postgresql", false, true, List.of("alice"), List.of()),
                    new Policy.CatalogPolicy(
                            MARIA_PASS_THROUGH, "maria shop", "mariadb", false, true, List.of("alice"), List.of()),
                    new Policy.CatalogPolicy(WRITABLE, "ETL target", true, List.of(), List.of("etl")),
                    new Policy.CatalogPolicy(UNGRANTED, "hr payroll", false, List.of("dave"), List.of("hr"))),
            List.of(
                    new Policy.UserPolicy("alice", true, List.of("user"), List.of("etl")),
                    new Policy.UserPolicy("carol", false, List.of("user"), List.of("etl", "hr")),
                    new Policy.UserPolicy("root", true, List.of("admin"), List.of())));
    private static final TrinoPrincipal BOB = new TrinoPrincipal(PrincipalType.USER, "bob");

    private final AtomicReference<Optional<Policy>> policy = new AtomicReference<>(Optional.of(POLICY));
    private final DenialLedger ledger = new DenialLedger();
    private final QueryTexts queryTexts = new QueryTexts();
    private final NexusAccessControl accessControl =
            new NexusAccessControl(policy::get, "nexus-sync", ledger, queryTexts, () -> {});

    /** Every check that changes something in a catalog: allowed only on a writable Nexus datasource. */
    private static final Map<String, BiConsumer<NexusAccessControl, String>> WRITES = Map.ofEntries(
            Map.entry("checkCanCreateSchema", (ac, c) -> ac.checkCanCreateSchema(ctx(), schema(c), Map.of())),
            Map.entry("checkCanDropSchema", (ac, c) -> ac.checkCanDropSchema(ctx(), schema(c))),
            Map.entry("checkCanRenameSchema", (ac, c) -> ac.checkCanRenameSchema(ctx(), schema(c), "n")),
            Map.entry(
                    "checkCanSetSchemaAuthorization",
                    (ac, c) -> ac.checkCanSetSchemaAuthorization(ctx(), schema(c), BOB)),
            Map.entry("checkCanCreateTable", (ac, c) -> ac.checkCanCreateTable(ctx(), table(c), Map.of())),
            Map.entry("checkCanDropTable", (ac, c) -> ac.checkCanDropTable(ctx(), table(c))),
            Map.entry("checkCanRenameTable", (ac, c) -> ac.checkCanRenameTable(ctx(), table(c), table(c))),
            Map.entry(
                    "checkCanSetTableProperties", (ac, c) -> ac.checkCanSetTableProperties(ctx(), table(c), Map.of())),
            Map.entry("checkCanSetTableComment", (ac, c) -> ac.checkCanSetTableComment(ctx(), table(c))),
            Map.entry("checkCanSetViewComment", (ac, c) -> ac.checkCanSetViewComment(ctx(), table(c))),
            Map.entry("checkCanSetColumnComment", (ac, c) -> ac.checkCanSetColumnComment(ctx(), table(c))),
            Map.entry("checkCanAddColumn", (ac, c) -> ac.checkCanAddColumn(ctx(), table(c))),
            Map.entry("checkCanAlterColumn", (ac, c) -> ac.checkCanAlterColumn(ctx(), table(c))),
            Map.entry("checkCanDropColumn", (ac, c) -> ac.checkCanDropColumn(ctx(), table(c))),
            Map.entry(
                    "checkCanSetTableAuthorization", (ac, c) -> ac.checkCanSetTableAuthorization(ctx(), table(c), BOB)),
            Map.entry("checkCanRenameColumn", (ac, c) -> ac.checkCanRenameColumn(ctx(), table(c))),
            Map.entry("checkCanInsertIntoTable", (ac, c) -> ac.checkCanInsertIntoTable(ctx(), table(c))),
            Map.entry("checkCanDeleteFromTable", (ac, c) -> ac.checkCanDeleteFromTable(ctx(), table(c))),
            Map.entry("checkCanTruncateTable", (ac, c) -> ac.checkCanTruncateTable(ctx(), table(c))),
            Map.entry(
                    "checkCanUpdateTableColumns",
                    (ac, c) -> ac.checkCanUpdateTableColumns(ctx(), table(c), Set.of("a"))),
            Map.entry("checkCanCreateView", (ac, c) -> ac.checkCanCreateView(ctx(), table(c))),
            Map.entry("checkCanRenameView", (ac, c) -> ac.checkCanRenameView(ctx(), table(c), table(c))),
            Map.entry("checkCanSetViewAuthorization", (ac, c) -> ac.checkCanSetViewAuthorization(ctx(), table(c), BOB)),
            Map.entry("checkCanDropView", (ac, c) -> ac.checkCanDropView(ctx(), table(c))),
            Map.entry(
                    "checkCanCreateMaterializedView",
                    (ac, c) -> ac.checkCanCreateMaterializedView(ctx(), table(c), Map.of())),
            Map.entry(
                    "checkCanRefreshMaterializedView", (ac, c) -> ac.checkCanRefreshMaterializedView(ctx(), table(c))),
            Map.entry(
                    "checkCanSetMaterializedViewProperties",
                    (ac, c) -> ac.checkCanSetMaterializedViewProperties(ctx(), table(c), Map.of())),
            Map.entry("checkCanDropMaterializedView", (ac, c) -> ac.checkCanDropMaterializedView(ctx(), table(c))),
            Map.entry(
                    "checkCanRenameMaterializedView",
                    (ac, c) -> ac.checkCanRenameMaterializedView(ctx(), table(c), table(c))),
            Map.entry(
                    "checkCanGrantSchemaPrivilege",
                    (ac, c) -> ac.checkCanGrantSchemaPrivilege(ctx(), Privilege.SELECT, schema(c), BOB, false)),
            Map.entry(
                    "checkCanDenySchemaPrivilege",
                    (ac, c) -> ac.checkCanDenySchemaPrivilege(ctx(), Privilege.SELECT, schema(c), BOB)),
            Map.entry(
                    "checkCanRevokeSchemaPrivilege",
                    (ac, c) -> ac.checkCanRevokeSchemaPrivilege(ctx(), Privilege.SELECT, schema(c), BOB, false)),
            Map.entry(
                    "checkCanGrantTablePrivilege",
                    (ac, c) -> ac.checkCanGrantTablePrivilege(ctx(), Privilege.SELECT, table(c), BOB, false)),
            Map.entry(
                    "checkCanDenyTablePrivilege",
                    (ac, c) -> ac.checkCanDenyTablePrivilege(ctx(), Privilege.SELECT, table(c), BOB)),
            Map.entry(
                    "checkCanRevokeTablePrivilege",
                    (ac, c) -> ac.checkCanRevokeTablePrivilege(ctx(), Privilege.SELECT, table(c), BOB, false)),
            Map.entry(
                    "checkCanGrantEntityPrivilege",
                    (ac, c) -> ac.checkCanGrantEntityPrivilege(
                            ctx(), new EntityPrivilege("SELECT"), entity(c), BOB, false)),
            Map.entry(
                    "checkCanDenyEntityPrivilege",
                    (ac, c) -> ac.checkCanDenyEntityPrivilege(ctx(), new EntityPrivilege("SELECT"), entity(c), BOB)),
            Map.entry(
                    "checkCanRevokeEntityPrivilege",
                    (ac, c) -> ac.checkCanRevokeEntityPrivilege(
                            ctx(), new EntityPrivilege("SELECT"), entity(c), BOB, false)),
            Map.entry(
                    "checkCanSetEntityAuthorization",
                    (ac, c) -> ac.checkCanSetEntityAuthorization(ctx(), entity(c), BOB)),
            Map.entry(
                    "checkCanExecuteProcedure",
                    (ac, c) -> ac.checkCanExecuteProcedure(ctx(), routine(c, "system", "execute"))),
            Map.entry(
                    "checkCanExecuteTableProcedure",
                    (ac, c) -> ac.checkCanExecuteTableProcedure(ctx(), table(c), "optimize")),
            Map.entry("checkCanCreateFunction", (ac, c) -> ac.checkCanCreateFunction(ctx(), routine(c, "s", "f"))),
            Map.entry("checkCanDropFunction", (ac, c) -> ac.checkCanDropFunction(ctx(), routine(c, "s", "f"))));

    /** Every check of reading or metadata within a catalog the user may see (Trino asks canAccessCatalog first). */
    private static final Map<String, BiConsumer<NexusAccessControl, String>> READS = Map.ofEntries(
            Map.entry("checkCanShowSchemas", (ac, c) -> ac.checkCanShowSchemas(ctx(), c)),
            Map.entry("checkCanShowCreateSchema", (ac, c) -> ac.checkCanShowCreateSchema(ctx(), schema(c))),
            Map.entry("checkCanShowCreateTable", (ac, c) -> ac.checkCanShowCreateTable(ctx(), table(c))),
            Map.entry("checkCanShowTables", (ac, c) -> ac.checkCanShowTables(ctx(), schema(c))),
            Map.entry("checkCanShowColumns", (ac, c) -> ac.checkCanShowColumns(ctx(), table(c))),
            Map.entry(
                    "checkCanSelectFromColumns", (ac, c) -> ac.checkCanSelectFromColumns(ctx(), table(c), Set.of("a"))),
            Map.entry(
                    "checkCanCreateViewWithSelectFromColumns",
                    (ac, c) -> ac.checkCanCreateViewWithSelectFromColumns(ctx(), table(c), Set.of("a"))),
            Map.entry(
                    "checkCanSetCatalogSessionProperty",
                    (ac, c) -> ac.checkCanSetCatalogSessionProperty(ctx(), c, "decimal_mapping")),
            Map.entry("checkCanShowFunctions", (ac, c) -> ac.checkCanShowFunctions(ctx(), schema(c))),
            Map.entry(
                    "checkCanShowCreateFunction",
                    (ac, c) -> ac.checkCanShowCreateFunction(ctx(), routine(c, "s", "f"))),
            Map.entry("checkCanShowRoles", (ac, c) -> ac.checkCanShowRoles(ctx())),
            Map.entry("checkCanShowCurrentRoles", (ac, c) -> ac.checkCanShowCurrentRoles(ctx())),
            Map.entry("checkCanShowRoleGrants", (ac, c) -> ac.checkCanShowRoleGrants(ctx())),
            Map.entry("checkCanExecuteQuery", (ac, c) -> ac.checkCanExecuteQuery(alice(), QueryId.valueOf("q"))),
            Map.entry(
                    "checkCanSetSystemSessionProperty",
                    (ac, c) -> ac.checkCanSetSystemSessionProperty(
                            alice(), QueryId.valueOf("q"), "join_distribution_type")),
            Map.entry("checkCanViewQueryOwnedBy (own)", (ac, c) -> ac.checkCanViewQueryOwnedBy(alice(), alice())),
            Map.entry("checkCanKillQueryOwnedBy (own)", (ac, c) -> ac.checkCanKillQueryOwnedBy(alice(), alice())));

    @Test
    void testWritesOnlyOnWritableDatasources() {
        WRITES.forEach((method, check) -> {
            check.accept(accessControl, WRITABLE);
            assertThatThrownBy(() -> check.accept(accessControl, READ_ONLY))
                    .as(method)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("datasource 'maria_sales' is read-only");
            assertThatThrownBy(() -> check.accept(accessControl, STRANGER))
                    .as(method)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("catalog 'hand_made' is not a Nexus datasource");
        });
    }

    @Test
    void testWithoutPolicyNothingIsAllowed() {
        policy.set(Optional.empty());
        WRITES.forEach((method, check) -> assertThatThrownBy(() -> check.accept(accessControl, WRITABLE))
                .as(method)
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(PolicyCache.NOT_LOADED));
        // without the policy no user and no grant is known: fail closed
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(alice(), QueryId.valueOf("q")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(PolicyCache.NOT_LOADED);
        assertThat(accessControl.canAccessCatalog(ctx(), READ_ONLY)).isFalse();
        assertThat(accessControl.filterCatalogs(ctx(), Set.of(READ_ONLY, "system")))
                .isEmpty();
        // catalog-sync keeps working: it is what brings the catalogs back
        accessControl.checkCanExecuteQuery(Identity.ofUser("nexus-sync"), QueryId.valueOf("q"));
        assertThat(accessControl.canAccessCatalog(context("nexus-sync"), READ_ONLY))
                .isTrue();
    }

    @Test
    void testReadsOnGrantedCatalogsOnly() {
        for (String catalog : List.of(READ_ONLY, WRITABLE, "system")) {
            READS.forEach((method, check) -> check.accept(accessControl, catalog));
            assertThat(accessControl.canAccessCatalog(ctx(), catalog))
                    .as(catalog)
                    .isTrue();
        }
        // granted to others, or not Nexus' at all: invisible and unusable
        assertThat(accessControl.canAccessCatalog(ctx(), UNGRANTED)).isFalse();
        assertThat(accessControl.canAccessCatalog(ctx(), STRANGER)).isFalse();
        assertThat(accessControl.filterCatalogs(ctx(), Set.of(READ_ONLY, WRITABLE, UNGRANTED, STRANGER, "system")))
                .containsExactlyInAnyOrder(READ_ONLY, WRITABLE, "system");
        // admins see everything
        assertThat(accessControl.filterCatalogs(context("root"), Set.of(READ_ONLY, UNGRANTED, STRANGER)))
                .containsExactlyInAnyOrder(READ_ONLY, UNGRANTED, STRANGER);
        // a disabled user sees nothing, whatever their groups were granted
        assertThat(accessControl.filterCatalogs(context("carol"), Set.of(WRITABLE, UNGRANTED, "system")))
                .isEmpty();
        assertThat(accessControl.filterCatalogs(context("mallory"), Set.of(READ_ONLY, "system")))
                .isEmpty();
        Set<String> catalogs = Set.of(READ_ONLY, "system");
        assertThat(accessControl.filterCatalogs(ctx(), catalogs)).isEqualTo(catalogs);
        assertThat(accessControl.filterSchemas(ctx(), READ_ONLY, Set.of("s"))).containsExactly("s");
        Set<SchemaTableName> tables = Set.of(new SchemaTableName("s", "t"));
        assertThat(accessControl.filterTables(ctx(), READ_ONLY, tables)).isEqualTo(tables);
        assertThat(accessControl.filterColumns(ctx(), table(READ_ONLY), Set.of("a")))
                .containsExactly("a");
        assertThat(accessControl.filterColumns(ctx(), READ_ONLY, Map.of(new SchemaTableName("s", "t"), Set.of("a"))))
                .hasSize(1);
    }

    @Test
    void testTableFunctions() {
        assertThat(accessControl.canExecuteFunction(ctx(), routine(READ_ONLY, "system", "other")))
                .isFalse();
        assertThat(accessControl.canExecuteFunction(ctx(), routine(WRITABLE, "system", "other")))
                .isTrue();
        // not even the pass-through on a catalog the user was not granted
        assertThat(accessControl.canExecuteFunction(ctx(), routine(UNGRANTED, "system", "query")))
                .isFalse();
        assertThat(accessControl.canExecuteFunction(context("root"), routine(STRANGER, "system", "other")))
                .isTrue();
        assertThat(accessControl.canExecuteFunction(ctx(), routine(STRANGER, "system", "other")))
                .isFalse();
        assertThat(accessControl.canCreateViewWithExecuteFunction(ctx(), routine(READ_ONLY, "s", "f")))
                .isFalse();
        // the pass-through on a writable datasource passes anything: the datasource takes writes anyway
        queryTexts.put("q", text("SELECT * FROM TABLE(" + WRITABLE + ".system.query(query => 'DELETE FROM t'))"));
        assertThat(accessControl.canExecuteFunction(ctx(), routine(WRITABLE, "system", "query")))
                .isTrue();
    }

    @Test
    void testPassThroughIsOffByDefaultOnReadOnlyDatasources() {
        queryTexts.put("q", text("SELECT * FROM TABLE(" + READ_ONLY + ".system.query(query => 'SELECT 1'))"));
        assertThatThrownBy(() -> accessControl.canExecuteFunction(ctx(), routine(READ_ONLY, "system", "query")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot execute table function maria_sales.system.query: datasource"
                        + " 'maria_sales' is read-only and does not allow pass-through queries (an admin can allow"
                        + " them: \"passThrough\": true)");
        assertThat(ledger.take("q")).containsExactly(READ_ONLY);
        // a catalog Nexus does not own, or no policy at all: refused
        assertThatThrownBy(
                        () -> accessControl.canExecuteFunction(context("root"), routine(STRANGER, "system", "query")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("catalog 'hand_made' is not a Nexus datasource");
        policy.set(Optional.empty());
        assertThat(accessControl.canExecuteFunction(ctx(), routine(PG_PASS_THROUGH, "system", "query")))
                .isFalse();
    }

    @Test
    void testAllowedPassThroughRunsOnlyCheckedPlainSelects() {
        assertPassThrough(PG_PASS_THROUGH, "SELECT * FROM TABLE(pg_crm.system.query(query => 'SELECT id FROM t'))")
                .isTrue();
        // the session's catalog resolves unqualified names: every call that may be this catalog's is checked
        assertPassThrough(PG_PASS_THROUGH, "SELECT * FROM TABLE(system.query(query => 'SELECT id FROM t'))")
                .isTrue();
        assertPassThrough(PG_PASS_THROUGH, "SELECT * FROM TABLE(query('SELECT id FROM t'))")
                .isTrue();
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "SELECT * FROM TABLE(pg_crm.system.query(query => 'SELECT pg_terminate_backend(4242)'))",
                "the native query calls pg_terminate_backend(), which is not allowed through a read-only datasource"
                        + " (datasource 'pg crm' is read-only)");
        // another catalog's call in the same statement does not hide this one's
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "SELECT * FROM TABLE(maria_shop.system.query(query => 'SELECT 1')) CROSS JOIN"
                        + " TABLE(system.query(query => 'SELECT pg_sleep(10)'))",
                "pg_sleep");
        assertPassThroughRefused(
                MARIA_PASS_THROUGH,
                "SELECT * FROM TABLE(maria_shop.system.query(query => 'SELECT GET_LOCK(''x'', 1)'))",
                "get_lock");
        // Trino's own parser reads the literal: escapes and Unicode literals cannot smuggle a call past the check
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "SELECT * FROM TABLE(pg_crm.system.query(query => U&'SELECT pg\\005fsleep(1)'))",
                "pg_sleep");
        // EXECUTE IMMEDIATE and prepared statements are read too
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "EXECUTE IMMEDIATE 'SELECT * FROM TABLE(pg_crm.system.query(query => ''SELECT set_config(a, b, false)''))'",
                "set_config");
        queryTexts.put(
                "q",
                new QueryTexts.QueryText(
                        "EXECUTE s1",
                        Optional.of("SELECT * FROM TABLE(pg_crm.system.query(query => 'SELECT nextval(''s'')'))")));
        assertThatThrownBy(() -> accessControl.canExecuteFunction(ctx(), routine(PG_PASS_THROUGH, "system", "query")))
                .hasMessageContaining("sequences may not be advanced");
        // a value Trino computes (an expression, a parameter) is not known here: refused
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "SELECT * FROM TABLE(pg_crm.system.query(query => 'SELECT 1' || ' , pg_sleep(1)'))",
                "the query argument must be a string literal");
        assertPassThroughRefused(
                PG_PASS_THROUGH,
                "SELECT * FROM TABLE(pg_crm.system.query(query => ?))",
                "the query argument must be a string literal");
        // the call is not in the text (a view's body): refused
        assertPassThroughRefused(PG_PASS_THROUGH, "SELECT * FROM some_view", "is not in the statement's text");
        // the text never reached the access control (no audit listener): refused
        queryTexts.remove("q");
        assertThatThrownBy(() -> accessControl.canExecuteFunction(ctx(), routine(PG_PASS_THROUGH, "system", "query")))
                .hasMessageContaining("the text of this query is not known");
    }

    private org.assertj.core.api.AbstractBooleanAssert<?> assertPassThrough(String catalog, String statement) {
        queryTexts.put("q", text(statement));
        return assertThat(accessControl.canExecuteFunction(ctx(), routine(catalog, "system", "query")));
    }

    private void assertPassThroughRefused(String catalog, String statement, String reason) {
        queryTexts.put("q", text(statement));
        assertThatThrownBy(() -> accessControl.canExecuteFunction(ctx(), routine(catalog, "system", "query")))
                .as(statement)
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(reason);
    }

    private static QueryTexts.QueryText text(String statement) {
        return new QueryTexts.QueryText(statement, Optional.empty());
    }

    @Test
    void testUsersSetOnlyHarmlessSessionProperties() {
        for (String property : List.of(
                "query_max_memory",
                "query_max_total_memory",
                "query_max_run_time",
                "query_max_execution_time",
                "query_max_cpu_time",
                "query_max_scan_physical_bytes",
                "resource_overcommit",
                "query_priority",
                "retry_policy",
                "spill_enabled",
                "task_concurrency",
                "max_reordered_joins")) {
            assertThatThrownBy(() ->
                            accessControl.checkCanSetSystemSessionProperty(alice(), QueryId.valueOf("q"), property))
                    .as(property)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageStartingWith("Access Denied: Cannot set system session property " + property
                            + ": only admins may change it (users may set distinct_aggregations_strategy,");
            // admins and the sync principal operate the cluster
            accessControl.checkCanSetSystemSessionProperty(Identity.ofUser("root"), QueryId.valueOf("q"), property);
            accessControl.checkCanSetSystemSessionProperty(
                    Identity.ofUser("nexus-sync"), QueryId.valueOf("q"), property);
        }
        // what the REST API sets on every user's query, and what SET TIME ZONE sets
        for (String property : List.of("spooling_initial_segment_size", "spooling_max_segment_size", "time_zone_id")) {
            accessControl.checkCanSetSystemSessionProperty(alice(), QueryId.valueOf("q"), property);
        }
        assertThatThrownBy(() -> accessControl.checkCanSetCatalogSessionProperty(ctx(), READ_ONLY, "write_batch_size"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("only admins may change it");
        assertThatThrownBy(() -> accessControl.checkCanSetCatalogSessionProperty(
                        ctx(), READ_ONLY, "domain_compaction_threshold"))
                .isInstanceOf(AccessDeniedException.class);
        accessControl.checkCanSetCatalogSessionProperty(ctx(), READ_ONLY, "join_pushdown_enabled");
        accessControl.checkCanSetCatalogSessionProperty(context("root"), READ_ONLY, "write_batch_size");
        // a disabled admin is no admin
        assertThatThrownBy(() -> accessControl.checkCanSetSystemSessionProperty(
                        Identity.ofUser("carol"), QueryId.valueOf("q"), "query_max_memory"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void testClusterInternalsAreForAdmins() {
        for (String table : List.of("nodes", "tasks", "transactions", "optimizer_rule_stats")) {
            CatalogSchemaTableName runtime = new CatalogSchemaTableName("system", "runtime", table);
            assertThatThrownBy(() -> accessControl.checkCanSelectFromColumns(ctx(), runtime, Set.of("node_id")))
                    .as(table)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessage("Access Denied: Cannot select from table system.runtime." + table
                            + ": cluster information is for operators");
            assertThatThrownBy(() -> accessControl.checkCanShowColumns(ctx(), runtime))
                    .isInstanceOf(AccessDeniedException.class);
            accessControl.checkCanSelectFromColumns(context("root"), runtime, Set.of("node_id"));
            accessControl.checkCanSelectFromColumns(context("nexus-sync"), runtime, Set.of("node_id"));
        }
        // a user's own queries, catalogs, JDBC metadata stay readable
        accessControl.checkCanSelectFromColumns(
                ctx(), new CatalogSchemaTableName("system", "runtime", "queries"), Set.of("query"));
        accessControl.checkCanSelectFromColumns(
                ctx(), new CatalogSchemaTableName("system", "metadata", "catalogs"), Set.of("catalog_name"));
        accessControl.checkCanSelectFromColumns(
                ctx(), new CatalogSchemaTableName("system", "jdbc", "tables"), Set.of("table_cat"));
        // a Nexus catalog's own schema called runtime is not Trino's
        accessControl.checkCanSelectFromColumns(
                ctx(), new CatalogSchemaTableName(READ_ONLY, "runtime", "nodes"), Set.of("a"));
        Set<SchemaTableName> systemTables = Set.of(
                new SchemaTableName("runtime", "nodes"),
                new SchemaTableName("runtime", "tasks"),
                new SchemaTableName("runtime", "transactions"),
                new SchemaTableName("runtime", "optimizer_rule_stats"),
                new SchemaTableName("runtime", "queries"),
                new SchemaTableName("metadata", "catalogs"));
        assertThat(accessControl.filterTables(ctx(), "system", systemTables))
                .containsExactlyInAnyOrder(
                        new SchemaTableName("runtime", "queries"), new SchemaTableName("metadata", "catalogs"));
        assertThat(accessControl.filterTables(context("root"), "system", systemTables))
                .isEqualTo(systemTables);
    }

    @Test
    @SuppressWarnings("deprecation")
    void testEveryoneIsThemselves() {
        accessControl.checkCanSetUser(Optional.of(new BasicPrincipal("alice")), "alice");
        assertThatThrownBy(() -> accessControl.checkCanSetUser(Optional.of(new BasicPrincipal("alice")), "root"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(
                        "Access Denied: Principal alice cannot become user root: connect as yourself (--user alice)");
        assertThatThrownBy(() -> accessControl.checkCanSetUser(Optional.empty(), "root"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accessControl.checkCanImpersonateUser(alice(), "root"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("Nexus users run queries as themselves");
        assertThatThrownBy(() -> accessControl.checkCanImpersonateUser(Identity.ofUser("nexus-sync"), "alice"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void testDisabledAndUnknownUsersRunNothing() {
        accessControl.checkCanExecuteQuery(alice(), QueryId.valueOf("q"));
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(Identity.ofUser("carol"), QueryId.valueOf("q")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot execute query: user 'carol' is disabled");
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(Identity.ofUser("mallory"), QueryId.valueOf("q")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot execute query: user 'mallory' is not a Nexus user");
        // the sync principal is no Nexus user and needs none
        accessControl.checkCanExecuteQuery(Identity.ofUser("nexus-sync"), QueryId.valueOf("q"));
    }

    @Test
    void testCatalogManagementOnlyBySyncPrincipal() {
        SystemSecurityContext sync =
                new SystemSecurityContext(Identity.ofUser("nexus-sync"), QueryId.valueOf("q"), Instant.EPOCH);
        accessControl.checkCanCreateCatalog(sync, "c");
        accessControl.checkCanDropCatalog(sync, "c");
        assertThatThrownBy(() -> accessControl.checkCanCreateCatalog(ctx(), "c"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot create catalog c: catalogs are managed by Nexus (datasources API)");
        assertThatThrownBy(() -> accessControl.checkCanDropCatalog(ctx(), "c"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void testAlwaysDenied() {
        Identity bob = Identity.ofUser("bob");
        assertThatThrownBy(() -> accessControl.checkCanViewQueryOwnedBy(alice(), bob))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accessControl.checkCanKillQueryOwnedBy(alice(), bob))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(accessControl.filterViewQueryOwnedBy(alice(), List.of(alice(), bob)))
                .extracting(Identity::getUser)
                .containsExactly("alice");
        // admins operate the cluster: they see and may kill everyone's queries
        Identity root = Identity.ofUser("root");
        accessControl.checkCanViewQueryOwnedBy(root, bob);
        accessControl.checkCanKillQueryOwnedBy(root, bob);
        assertThat(accessControl.filterViewQueryOwnedBy(root, List.of(alice(), bob)))
                .hasSize(2);
        assertThatThrownBy(() -> accessControl.checkCanReadSystemInformation(alice()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accessControl.checkCanWriteSystemInformation(alice()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accessControl.checkCanCreateRole(ctx(), "r", Optional.empty()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> accessControl.checkCanDropRole(ctx(), "r")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() ->
                        accessControl.checkCanGrantRoles(ctx(), Set.of("r"), Set.of(BOB), false, Optional.empty()))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() ->
                        accessControl.checkCanRevokeRoles(ctx(), Set.of("r"), Set.of(BOB), false, Optional.empty()))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void testDecisionsNameTheCatalogForTheAudit() {
        assertThatThrownBy(() -> accessControl.checkCanInsertIntoTable(ctx(), table(READ_ONLY)))
                .hasMessage(
                        "Access Denied: Cannot insert into table maria_sales.s.t: datasource 'maria_sales' is read-only");
        accessControl.checkCanInsertIntoTable(ctx(), table(WRITABLE));
        assertThat(ledger.take("q")).containsExactlyInAnyOrder(READ_ONLY, WRITABLE);
        assertThat(ledger.take("q")).isEmpty();
    }

    private static Identity alice() {
        return Identity.ofUser("alice");
    }

    private static SystemSecurityContext ctx() {
        return context("alice");
    }

    private static SystemSecurityContext context(String user) {
        return new SystemSecurityContext(Identity.ofUser(user), QueryId.valueOf("q"), Instant.EPOCH);
    }

    private static CatalogSchemaName schema(String catalog) {
        return new CatalogSchemaName(catalog, "s");
    }

    private static CatalogSchemaTableName table(String catalog) {
        return new CatalogSchemaTableName(catalog, "s", "t");
    }

    private static EntityKindAndName entity(String catalog) {
        return new EntityKindAndName("TABLE", List.of(catalog, "s", "t"));
    }

    private static CatalogSchemaRoutineName routine(String catalog, String schema, String name) {
        return new CatalogSchemaRoutineName(catalog, schema, name);
    }
}
