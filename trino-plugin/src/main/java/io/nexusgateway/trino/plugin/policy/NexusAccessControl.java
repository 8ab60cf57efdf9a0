package io.nexusgateway.trino.plugin.policy;

import static io.trino.spi.function.FunctionKind.TABLE;
import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.airlift.bootstrap.LifeCycleManager;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.EntityKindAndName;
import io.trino.spi.connector.EntityPrivilege;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.Privilege;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.TrinoPrincipal;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nexus' read-only policy, enforced inside Trino whichever way a query arrives (REST API, CLI, JDBC).
 *
 * <ul>
 *   <li>Identity: every client is the user its gateway-issued JWT names; no impersonation, no {@code --user} other
 *       than oneself. Users the policy does not know, or knows as disabled, run nothing.
 *   <li>Reads (SELECT, SHOW, DESCRIBE, EXPLAIN, metadata calls of JDBC tools, session properties) are allowed on the
 *       catalogs granted to the user or one of their groups ({@code system} for everyone, everything for admins);
 *       other catalogs are invisible.
 *   <li>Every change of data, schema objects, privileges, roles or functions, {@code CALL} and
 *       {@code ALTER TABLE ... EXECUTE} is allowed only on a catalog whose datasource is {@code writable} in the
 *       policy. A catalog the policy does not list (not made by Nexus, e.g. {@code system}) is not writable either,
 *       and without any policy (control plane never reached) nothing is.
 *   <li>Table functions: on read-only catalogs only the pass-through {@code <catalog>.system.query}, and only where
 *       the datasource allows it ({@code passThrough}); its native SQL must then be one plain SELECT calling no
 *       function with side effects ({@link NativeQueryCheck}). Catalog-sync opens those source connections read-only
 *       as a further line of defense.
 *   <li>Session properties: users may set only {@link UserSessionProperties}' harmless ones; admins all.
 *   <li>{@code system.runtime} tables other than {@code queries} (which shows each user their own) are for admins.
 *   <li>{@code CREATE/DROP CATALOG}: only the catalog-sync principal.
 * </ul>
 *
 * <p>Each SPI method and its decision is listed in the module's README. Denials name the reason, e.g.
 * {@code Access Denied: Cannot insert into table maria_sales.shop.orders: datasource 'maria_sales' is read-only}.
 */
public final class NexusAccessControl implements SystemAccessControl {
    static final String PASS_THROUGH_SCHEMA = "system";
    static final String PASS_THROUGH_FUNCTION = "query";
    static final String SYSTEM_CATALOG = "system";

    static final String RUNTIME_SCHEMA = "runtime";
    // system.runtime.queries stays: Trino filters it to the user's own queries (filterViewQueryOwnedBy)
    static final Set<String> OPERATOR_RUNTIME_TABLES = Set.of("nodes", "tasks", "transactions", "optimizer_rule_stats");

    private final PolicySource policy;
    private final String syncPrincipal;
    private final DenialLedger denials;
    private final QueryTexts queryTexts;
    private final Runnable onShutdown;

    @Inject
    public NexusAccessControl(
            PolicySource policy,
            ControlPlaneConfig config,
            DenialLedger denials,
            QueryTexts queryTexts,
            LifeCycleManager lifeCycle) {
        this(policy, config.getSyncPrincipal(), denials, queryTexts, lifeCycle::stop);
    }

    NexusAccessControl(
            PolicySource policy,
            String syncPrincipal,
            DenialLedger denials,
            QueryTexts queryTexts,
            Runnable onShutdown) {
        this.policy = requireNonNull(policy, "policy is null");
        this.syncPrincipal = requireNonNull(syncPrincipal, "syncPrincipal is null");
        this.denials = requireNonNull(denials, "denials is null");
        this.queryTexts = requireNonNull(queryTexts, "queryTexts is null");
        this.onShutdown = requireNonNull(onShutdown, "onShutdown is null");
    }

    @Override
    public void shutdown() {
        onShutdown.run();
    }

    // --- identity, queries, system ------------------------------------------------------------------------------

    // Every client authenticates as its own user (a gateway-issued JWT): nobody may act as someone else, the REST API
    // included, which sends each caller's own token.
    @Override
    public void checkCanImpersonateUser(Identity identity, String userName) {
        AccessDeniedException.denyImpersonateUser(
                identity.getUser(), userName, "Nexus users run queries as themselves");
    }

    @Override
    @SuppressWarnings("deprecation")
    public void checkCanSetUser(Optional<Principal> principal, String userName) {
        // a token exchanged for an API key has the principal <user>/key/<key id>: its user is still <user>
        Optional<String> user = TokenPrincipal.of(principal).map(TokenPrincipal::user);
        if (user.isEmpty() || !user.get().equals(userName)) {
            throw new AccessDeniedException("Principal %s cannot become user %s: connect as yourself (--user %s)"
                    .formatted(user.orElse("<none>"), userName, user.orElse("<you>")));
        }
    }

    @Override
    public void checkCanExecuteQuery(Identity identity, QueryId queryId) {
        if (identity.getUser().equals(syncPrincipal)) {
            return;
        }
        Optional<String> reason = userRefusal(identity.getUser()).or(() -> apiKeyRefusal(identity));
        if (reason.isPresent()) {
            denials.record(queryId.toString(), "");
            AccessDeniedException.denyExecuteQuery(reason.get());
        }
    }

    /** Why {@code user} may run nothing now, or empty if they may. */
    Optional<String> userRefusal(String user) {
        Optional<Policy> current = policy.current();
        if (current.isEmpty()) {
            return Optional.of(PolicyCache.NOT_LOADED + " (control plane unreachable), so no user is known yet");
        }
        Optional<Policy.UserPolicy> known = current.get().user(user);
        if (known.isEmpty()) {
            return Optional.of("user '%s' is not a Nexus user".formatted(user));
        }
        if (!known.get().enabled()) {
            return Optional.of("user '%s' is disabled".formatted(user));
        }
        return Optional.empty();
    }

    /**
     * A token exchanged for an API key runs nothing once that key is revoked or expired: the policy lists each user's
     * keys revoked while their tokens may live, so this holds within the policy refresh, however long the token is
     * valid. (A deleted user's keys go with the user, whom the policy then no longer knows.)
     */
    private Optional<String> apiKeyRefusal(Identity identity) {
        Optional<String> apiKeyId = TokenPrincipal.of(identity.getPrincipal()).flatMap(TokenPrincipal::apiKeyId);
        if (apiKeyId.isEmpty()) {
            return Optional.empty();
        }
        boolean revoked = policy.current()
                .flatMap(current -> current.user(identity.getUser()))
                .map(user -> user.revokedApiKeys().contains(apiKeyId.get()))
                .orElse(true);
        return revoked
                ? Optional.of("the API key this token was exchanged for is revoked or expired: get a new token")
                : Optional.empty();
    }

    // Trino asks only about other users' queries: hidden and unkillable, except for admins (operators)
    @Override
    public void checkCanViewQueryOwnedBy(Identity identity, Identity queryOwner) {
        if (!identity.getUser().equals(queryOwner.getUser()) && !isAdmin(identity.getUser())) {
            AccessDeniedException.denyViewQuery("queries of other users are not visible");
        }
    }

    @Override
    public Collection<Identity> filterViewQueryOwnedBy(Identity identity, Collection<Identity> queryOwners) {
        if (isAdmin(identity.getUser())) {
            return queryOwners;
        }
        return queryOwners.stream()
                .filter(owner -> owner.getUser().equals(identity.getUser()))
                .toList();
    }

    @Override
    public void checkCanKillQueryOwnedBy(Identity identity, Identity queryOwner) {
        if (!identity.getUser().equals(queryOwner.getUser()) && !isAdmin(identity.getUser())) {
            AccessDeniedException.denyKillQuery("queries of other users cannot be killed");
        }
    }

    private boolean isAdmin(String user) {
        return policy.current()
                .flatMap(current -> current.user(user))
                .map(known -> known.enabled() && known.isAdmin())
                .orElse(false);
    }

    @Override
    public void checkCanReadSystemInformation(Identity identity) {
        AccessDeniedException.denyReadSystemInformationAccess("cluster information is for operators");
    }

    @Override
    public void checkCanWriteSystemInformation(Identity identity) {
        AccessDeniedException.denyWriteSystemInformationAccess("cluster information is for operators");
    }

    // a user could otherwise lift their own limits (query_max_memory, resource_overcommit, query_priority, ...)
    @Override
    public void checkCanSetSystemSessionProperty(Identity identity, QueryId queryId, String propertyName) {
        if (!isOperator(identity.getUser()) && !UserSessionProperties.SYSTEM.contains(propertyName)) {
            AccessDeniedException.denySetSystemSessionProperty(
                    propertyName,
                    "only admins may change it (users may set "
                            + UserSessionProperties.list(UserSessionProperties.SYSTEM) + ")");
        }
    }

    @Override
    public void checkCanSetCatalogSessionProperty(
            SystemSecurityContext context, String catalogName, String propertyName) {
        if (!isOperator(context.getIdentity().getUser()) && !UserSessionProperties.CATALOG.contains(propertyName)) {
            AccessDeniedException.denySetCatalogSessionProperty(
                    catalogName,
                    propertyName,
                    "only admins may change it (users may set "
                            + UserSessionProperties.list(UserSessionProperties.CATALOG) + ")");
        }
    }

    /** Admins and the catalog-sync principal: they operate the cluster and see and set everything. */
    private boolean isOperator(String user) {
        return user.equals(syncPrincipal) || isAdmin(user);
    }

    private boolean isOperatorRuntimeTable(SystemSecurityContext context, String catalogName, SchemaTableName table) {
        return catalogName.equals(SYSTEM_CATALOG)
                && table.getSchemaName().equals(RUNTIME_SCHEMA)
                && OPERATOR_RUNTIME_TABLES.contains(table.getTableName())
                && !isOperator(context.getIdentity().getUser());
    }

    // --- catalogs ------------------------------------------------------------------------------------------------

    @Override
    public boolean canAccessCatalog(SystemSecurityContext context, String catalogName) {
        boolean allowed = mayUse(context.getIdentity().getUser(), catalogName);
        if (!allowed) {
            record(context, catalogName);
        }
        return allowed;
    }

    // ungranted catalogs are invisible: SHOW CATALOGS, information_schema, system.jdbc (JDBC metadata)
    @Override
    public Set<String> filterCatalogs(SystemSecurityContext context, Set<String> catalogs) {
        String user = context.getIdentity().getUser();
        return catalogs.stream()
                .filter(catalog -> mayUse(user, catalog))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * Reads: {@code system} for everyone (its tables filter what they show), every catalog for admins and the sync
     * principal, a Nexus catalog for the users and groups granted its datasource, nothing without a policy.
     */
    boolean mayUse(String user, String catalogName) {
        if (user.equals(syncPrincipal)) {
            return true;
        }
        Optional<Policy> current = policy.current();
        if (current.isEmpty()) {
            return false;
        }
        Optional<Policy.UserPolicy> known = current.get().user(user);
        if (known.isEmpty() || !known.get().enabled()) {
            return false;
        }
        if (catalogName.equals(SYSTEM_CATALOG) || known.get().isAdmin()) {
            return true;
        }
        return current.get()
                .catalog(catalogName)
                .map(catalog -> catalog.grantedTo(known.get()))
                .orElse(false);
    }

    @Override
    public void checkCanCreateCatalog(SystemSecurityContext context, String catalog) {
        if (!isSyncPrincipal(context)) {
            record(context, catalog);
            AccessDeniedException.denyCreateCatalog(catalog, "catalogs are managed by Nexus (datasources API)");
        }
    }

    @Override
    public void checkCanDropCatalog(SystemSecurityContext context, String catalog) {
        if (!isSyncPrincipal(context)) {
            record(context, catalog);
            AccessDeniedException.denyDropCatalog(catalog, "catalogs are managed by Nexus (datasources API)");
        }
    }

    // --- schemas -------------------------------------------------------------------------------------------------

    @Override
    public void checkCanCreateSchema(
            SystemSecurityContext context, CatalogSchemaName schema, Map<String, Object> properties) {
        requireWritable(context, schema.getCatalogName(), "create schema " + schema);
    }

    @Override
    public void checkCanDropSchema(SystemSecurityContext context, CatalogSchemaName schema) {
        requireWritable(context, schema.getCatalogName(), "drop schema " + schema);
    }

    @Override
    public void checkCanRenameSchema(SystemSecurityContext context, CatalogSchemaName schema, String newSchemaName) {
        requireWritable(context, schema.getCatalogName(), "rename schema from " + schema + " to " + newSchemaName);
    }

    @Override
    public void checkCanSetSchemaAuthorization(
            SystemSecurityContext context, CatalogSchemaName schema, TrinoPrincipal principal) {
        requireWritable(context, schema.getCatalogName(), "set authorization of schema " + schema);
    }

    @Override
    public void checkCanShowSchemas(SystemSecurityContext context, String catalogName) {}

    @Override
    public Set<String> filterSchemas(SystemSecurityContext context, String catalogName, Set<String> schemaNames) {
        return schemaNames;
    }

    @Override
    public void checkCanShowCreateSchema(SystemSecurityContext context, CatalogSchemaName schemaName) {}

    // --- tables and columns --------------------------------------------------------------------------------------

    @Override
    public void checkCanShowCreateTable(SystemSecurityContext context, CatalogSchemaTableName table) {}

    @Override
    public void checkCanCreateTable(
            SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Object> properties) {
        requireWritable(context, table.getCatalogName(), "create table " + table);
    }

    @Override
    public void checkCanDropTable(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "drop table " + table);
    }

    @Override
    public void checkCanRenameTable(
            SystemSecurityContext context, CatalogSchemaTableName table, CatalogSchemaTableName newTable) {
        requireWritable(context, table.getCatalogName(), "rename table from " + table + " to " + newTable);
        requireWritable(context, newTable.getCatalogName(), "rename table from " + table + " to " + newTable);
    }

    @Override
    public void checkCanSetTableProperties(
            SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Optional<Object>> properties) {
        requireWritable(context, table.getCatalogName(), "set table properties of " + table);
    }

    @Override
    public void checkCanSetTableComment(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "comment table to " + table);
    }

    @Override
    public void checkCanSetViewComment(SystemSecurityContext context, CatalogSchemaTableName view) {
        requireWritable(context, view.getCatalogName(), "comment view to " + view);
    }

    @Override
    public void checkCanSetColumnComment(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "comment column to " + table);
    }

    @Override
    public void checkCanShowTables(SystemSecurityContext context, CatalogSchemaName schema) {}

    @Override
    public Set<SchemaTableName> filterTables(
            SystemSecurityContext context, String catalogName, Set<SchemaTableName> tableNames) {
        if (!catalogName.equals(SYSTEM_CATALOG)) {
            return tableNames;
        }
        return tableNames.stream()
                .filter(table -> !isOperatorRuntimeTable(context, catalogName, table))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void checkCanShowColumns(SystemSecurityContext context, CatalogSchemaTableName table) {
        if (isOperatorRuntimeTable(context, table.getCatalogName(), table.getSchemaTableName())) {
            AccessDeniedException.denyShowColumns(table.toString(), "cluster information is for operators");
        }
    }

    @Override
    public Set<String> filterColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {
        return columns;
    }

    @Override
    public Map<SchemaTableName, Set<String>> filterColumns(
            SystemSecurityContext context, String catalogName, Map<SchemaTableName, Set<String>> tableColumns) {
        return tableColumns;
    }

    @Override
    public void checkCanAddColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "add a column to table " + table);
    }

    @Override
    public void checkCanAlterColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "alter a column for table " + table);
    }

    @Override
    public void checkCanDropColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "drop a column from table " + table);
    }

    @Override
    public void checkCanSetTableAuthorization(
            SystemSecurityContext context, CatalogSchemaTableName table, TrinoPrincipal principal) {
        requireWritable(context, table.getCatalogName(), "set authorization of table " + table);
    }

    @Override
    public void checkCanRenameColumn(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "rename a column in table " + table);
    }

    // other users' tasks and transactions, the nodes and the optimizer's statistics are cluster internals
    @Override
    public void checkCanSelectFromColumns(
            SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {
        if (isOperatorRuntimeTable(context, table.getCatalogName(), table.getSchemaTableName())) {
            AccessDeniedException.denySelectTable(table.toString(), "cluster information is for operators");
        }
    }

    @Override
    public void checkCanInsertIntoTable(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "insert into table " + table);
    }

    @Override
    public void checkCanDeleteFromTable(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "delete from table " + table);
    }

    @Override
    public void checkCanTruncateTable(SystemSecurityContext context, CatalogSchemaTableName table) {
        requireWritable(context, table.getCatalogName(), "truncate table " + table);
    }

    @Override
    public void checkCanUpdateTableColumns(
            SystemSecurityContext context, CatalogSchemaTableName table, Set<String> updatedColumnNames) {
        requireWritable(context, table.getCatalogName(), "update columns " + updatedColumnNames + " in table " + table);
    }

    // --- views and materialized views ----------------------------------------------------------------------------

    @Override
    public void checkCanCreateView(SystemSecurityContext context, CatalogSchemaTableName view) {
        requireWritable(context, view.getCatalogName(), "create view " + view);
    }

    @Override
    public void checkCanRenameView(
            SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView) {
        requireWritable(context, view.getCatalogName(), "rename view from " + view + " to " + newView);
        requireWritable(context, newView.getCatalogName(), "rename view from " + view + " to " + newView);
    }

    @Override
    public void checkCanSetViewAuthorization(
            SystemSecurityContext context, CatalogSchemaTableName view, TrinoPrincipal principal) {
        requireWritable(context, view.getCatalogName(), "set authorization of view " + view);
    }

    @Override
    public void checkCanDropView(SystemSecurityContext context, CatalogSchemaTableName view) {
        requireWritable(context, view.getCatalogName(), "drop view " + view);
    }

    // reading a table into a view is a read of that table; creating the view is checked on the view's catalog
    @Override
    public void checkCanCreateViewWithSelectFromColumns(
            SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns) {}

    @Override
    public void checkCanCreateMaterializedView(
            SystemSecurityContext context, CatalogSchemaTableName materializedView, Map<String, Object> properties) {
        requireWritable(context, materializedView.getCatalogName(), "create materialized view " + materializedView);
    }

    @Override
    public void checkCanRefreshMaterializedView(
            SystemSecurityContext context, CatalogSchemaTableName materializedView) {
        requireWritable(context, materializedView.getCatalogName(), "refresh materialized view " + materializedView);
    }

    @Override
    public void checkCanSetMaterializedViewProperties(
            SystemSecurityContext context,
            CatalogSchemaTableName materializedView,
            Map<String, Optional<Object>> properties) {
        requireWritable(
                context, materializedView.getCatalogName(), "set properties of materialized view " + materializedView);
    }

    @Override
    public void checkCanDropMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView) {
        requireWritable(context, materializedView.getCatalogName(), "drop materialized view " + materializedView);
    }

    @Override
    public void checkCanRenameMaterializedView(
            SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView) {
        requireWritable(context, view.getCatalogName(), "rename materialized view from " + view + " to " + newView);
        requireWritable(context, newView.getCatalogName(), "rename materialized view from " + view + " to " + newView);
    }

    // --- privileges ----------------------------------------------------------------------------------------------

    @Override
    public void checkCanGrantSchemaPrivilege(
            SystemSecurityContext context,
            Privilege privilege,
            CatalogSchemaName schema,
            TrinoPrincipal grantee,
            boolean grantOption) {
        requireWritable(context, schema.getCatalogName(), "grant privilege " + privilege + " on schema " + schema);
    }

    @Override
    public void checkCanDenySchemaPrivilege(
            SystemSecurityContext context, Privilege privilege, CatalogSchemaName schema, TrinoPrincipal grantee) {
        requireWritable(context, schema.getCatalogName(), "deny privilege " + privilege + " on schema " + schema);
    }

    @Override
    public void checkCanRevokeSchemaPrivilege(
            SystemSecurityContext context,
            Privilege privilege,
            CatalogSchemaName schema,
            TrinoPrincipal revokee,
            boolean grantOption) {
        requireWritable(context, schema.getCatalogName(), "revoke privilege " + privilege + " on schema " + schema);
    }

    @Override
    public void checkCanGrantTablePrivilege(
            SystemSecurityContext context,
            Privilege privilege,
            CatalogSchemaTableName table,
            TrinoPrincipal grantee,
            boolean grantOption) {
        requireWritable(context, table.getCatalogName(), "grant privilege " + privilege + " on table " + table);
    }

    @Override
    public void checkCanDenyTablePrivilege(
            SystemSecurityContext context, Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal grantee) {
        requireWritable(context, table.getCatalogName(), "deny privilege " + privilege + " on table " + table);
    }

    @Override
    public void checkCanRevokeTablePrivilege(
            SystemSecurityContext context,
            Privilege privilege,
            CatalogSchemaTableName table,
            TrinoPrincipal revokee,
            boolean grantOption) {
        requireWritable(context, table.getCatalogName(), "revoke privilege " + privilege + " on table " + table);
    }

    @Override
    public void checkCanGrantEntityPrivilege(
            SystemSecurityContext context,
            EntityPrivilege privilege,
            EntityKindAndName entity,
            TrinoPrincipal grantee,
            boolean grantOption) {
        requireWritable(context, entityCatalog(entity), "grant privilege " + privilege + " on " + describe(entity));
    }

    @Override
    public void checkCanDenyEntityPrivilege(
            SystemSecurityContext context,
            EntityPrivilege privilege,
            EntityKindAndName entity,
            TrinoPrincipal grantee) {
        requireWritable(context, entityCatalog(entity), "deny privilege " + privilege + " on " + describe(entity));
    }

    @Override
    public void checkCanRevokeEntityPrivilege(
            SystemSecurityContext context,
            EntityPrivilege privilege,
            EntityKindAndName entity,
            TrinoPrincipal revokee,
            boolean grantOption) {
        requireWritable(context, entityCatalog(entity), "revoke privilege " + privilege + " on " + describe(entity));
    }

    // --- roles: identity is Nexus' business (issue 5); listing them is harmless and JDBC tools ask ----------------

    @Override
    public void checkCanShowRoles(SystemSecurityContext context) {}

    @Override
    public void checkCanShowCurrentRoles(SystemSecurityContext context) {}

    @Override
    public void checkCanShowRoleGrants(SystemSecurityContext context) {}

    @Override
    public void checkCanCreateRole(SystemSecurityContext context, String role, Optional<TrinoPrincipal> grantor) {
        AccessDeniedException.denyCreateRole(role);
    }

    @Override
    public void checkCanDropRole(SystemSecurityContext context, String role) {
        AccessDeniedException.denyDropRole(role);
    }

    @Override
    public void checkCanGrantRoles(
            SystemSecurityContext context,
            Set<String> roles,
            Set<TrinoPrincipal> grantees,
            boolean adminOption,
            Optional<TrinoPrincipal> grantor) {
        AccessDeniedException.denyGrantRoles(roles, grantees);
    }

    @Override
    public void checkCanRevokeRoles(
            SystemSecurityContext context,
            Set<String> roles,
            Set<TrinoPrincipal> grantees,
            boolean adminOption,
            Optional<TrinoPrincipal> grantor) {
        AccessDeniedException.denyRevokeRoles(roles, grantees);
    }

    // --- procedures and functions --------------------------------------------------------------------------------

    @Override
    public void checkCanExecuteProcedure(SystemSecurityContext context, CatalogSchemaRoutineName procedure) {
        requireWritable(context, procedure.getCatalogName(), "execute procedure " + procedure);
    }

    // ALTER TABLE ... EXECUTE optimize and friends rewrite data: Trino's own read-only control misses them (#22874)
    @Override
    public void checkCanExecuteTableProcedure(
            SystemSecurityContext context, CatalogSchemaTableName table, String procedure) {
        requireWritable(context, table.getCatalogName(), "execute table procedure " + procedure + " on " + table);
    }

    @Override
    public boolean canExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName) {
        if (!mayUse(context.getIdentity().getUser(), functionName.getCatalogName())) {
            record(context, functionName.getCatalogName());
            return false;
        }
        if (isPassThrough(functionName)) {
            Optional<String> refusal = passThroughRefusal(context, functionName.getCatalogName());
            if (refusal.isPresent()) {
                record(context, functionName.getCatalogName());
                AccessDeniedException.denyExecuteFunction(functionName.toString(), TABLE, refusal.get());
            }
            return true;
        }
        Optional<Policy> current = policy.current();
        if (current.isEmpty()) {
            record(context, functionName.getCatalogName());
            return false;
        }
        Optional<Policy.CatalogPolicy> catalog = current.get().catalog(functionName.getCatalogName());
        // a catalog Nexus does not own keeps Trino's normal read behaviour; a read-only datasource runs nothing but
        // the checked pass-through
        boolean allowed = catalog.map(Policy.CatalogPolicy::writable).orElse(true);
        if (!allowed) {
            record(context, functionName.getCatalogName());
        }
        return allowed;
    }

    @Override
    public boolean canCreateViewWithExecuteFunction(
            SystemSecurityContext context, CatalogSchemaRoutineName functionName) {
        return canExecuteFunction(context, functionName);
    }

    @Override
    public void checkCanShowFunctions(SystemSecurityContext context, CatalogSchemaName schema) {}

    @Override
    public Set<SchemaFunctionName> filterFunctions(
            SystemSecurityContext context, String catalogName, Set<SchemaFunctionName> functionNames) {
        return functionNames;
    }

    @Override
    public void checkCanCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName) {
        requireWritable(context, functionName.getCatalogName(), "create function " + functionName);
    }

    @Override
    public void checkCanDropFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName) {
        requireWritable(context, functionName.getCatalogName(), "drop function " + functionName);
    }

    @Override
    public void checkCanShowCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName) {}

    // --- the decision ------------------------------------------------------------------------------------------------

    /** Allows the change only on a writable Nexus datasource; otherwise denies with the reason. */
    private void requireWritable(SystemSecurityContext context, String catalogName, String action) {
        record(context, catalogName);
        Optional<String> reason = refusal(catalogName);
        if (reason.isPresent()) {
            throw new AccessDeniedException("Cannot " + action + ": " + reason.get());
        }
    }

    /** Why {@code catalogName} takes no writes now, or empty if it does. */
    Optional<String> refusal(String catalogName) {
        Optional<Policy> current = policy.current();
        if (current.isEmpty()) {
            return Optional.of(PolicyCache.NOT_LOADED + " (control plane unreachable), so every catalog is read-only");
        }
        Optional<Policy.CatalogPolicy> catalog = current.get().catalog(catalogName);
        if (catalog.isEmpty()) {
            return Optional.of("catalog '%s' is not a Nexus datasource".formatted(catalogName));
        }
        if (!catalog.get().writable()) {
            return Optional.of(
                    "datasource '%s' is read-only".formatted(catalog.get().datasource()));
        }
        return Optional.empty();
    }

    /**
     * Why {@code <catalogName>.system.query} may not run in this query, or empty if it may: always on a writable
     * datasource; on a read-only one only where the datasource allows it and every call that may resolve to it passes
     * plain, checked SQL. Fails closed: no policy, a catalog Nexus does not own, an unknown query text (the audit
     * listener hands it over) or a call whose SQL is not a literal in the text (a view's, a prepared statement's
     * {@code DESCRIBE OUTPUT}) is refused.
     */
    Optional<String> passThroughRefusal(SystemSecurityContext context, String catalogName) {
        Optional<Policy> current = policy.current();
        if (current.isEmpty()) {
            return Optional.of(PolicyCache.NOT_LOADED + " (control plane unreachable)");
        }
        Optional<Policy.CatalogPolicy> catalog = current.get().catalog(catalogName);
        if (catalog.isEmpty()) {
            return Optional.of("catalog '%s' is not a Nexus datasource".formatted(catalogName));
        }
        if (catalog.get().writable()) {
            return Optional.empty();
        }
        String datasource = catalog.get().datasource();
        if (!catalog.get().passThrough()) {
            return Optional.of(("datasource '%s' is read-only and does not allow pass-through queries (an admin can"
                            + " allow them: \"passThrough\": true)")
                    .formatted(datasource));
        }
        Optional<SourceDialect> dialect = SourceDialect.ofType(catalog.get().type());
        if (dialect.isEmpty()) {
            return Optional.of(
                    "datasource '%s' is of a type whose native SQL Nexus cannot check".formatted(datasource));
        }
        Optional<QueryTexts.QueryText> text =
                queryTexts.get(context.getQueryId().toString());
        if (text.isEmpty()) {
            return Optional.of("the text of this query is not known to the Nexus access control, so its native SQL"
                    + " cannot be checked (is the nexus-audit event listener installed?)");
        }
        List<PassThroughCalls.Call> calls = PassThroughCalls.of(text.get()).stream()
                .filter(call -> call.mayBe(catalogName, PASS_THROUGH_SCHEMA, PASS_THROUGH_FUNCTION))
                .toList();
        if (calls.isEmpty()) {
            return Optional.of("the native SQL is not in the statement's text, so it cannot be checked (views and"
                    + " DESCRIBE OUTPUT of prepared statements cannot pass through)");
        }
        for (PassThroughCalls.Call call : calls) {
            if (call.nativeSql().isEmpty()) {
                return Optional.of("the query argument must be a string literal");
            }
            Optional<String> refusal = NativeQueryCheck.refusal(call.nativeSql().get(), dialect.get());
            if (refusal.isPresent()) {
                return Optional.of(refusal.get() + " (datasource '%s' is read-only)".formatted(datasource));
            }
        }
        return Optional.empty();
    }

    private static boolean isPassThrough(CatalogSchemaRoutineName functionName) {
        return functionName.getSchemaName().equals(PASS_THROUGH_SCHEMA)
                && functionName.getRoutineName().equals(PASS_THROUGH_FUNCTION);
    }

    private boolean isSyncPrincipal(SystemSecurityContext context) {
        return context.getIdentity().getUser().equals(syncPrincipal);
    }

    private void record(SystemSecurityContext context, String catalogName) {
        denials.record(context.getQueryId().toString(), catalogName);
    }

    // entities outside a catalog (none exist in Trino 476's SPI callers today) are never writable
    private static String entityCatalog(EntityKindAndName entity) {
        return entity.name().isEmpty() ? "" : entity.name().getFirst();
    }

    private static String describe(EntityKindAndName entity) {
        return entity.entityKind().toLowerCase(java.util.Locale.ROOT) + " " + String.join(".", entity.name());
    }
}
