package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.trino.plugin.DenialLedger;
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
    private static final Policy POLICY = new Policy(
            List.of(
                    new Policy.CatalogPolicy(READ_ONLY, "maria_sales", false, List.of("alice"), List.of()),
                    new Policy.CatalogPolicy(WRITABLE, "ETL target", true, List.of(), List.of("etl")),
                    new Policy.CatalogPolicy(UNGRANTED, "hr payroll", false, List.of("dave"), List.of("hr"))),
            List.of(
                    new Policy.UserPolicy("alice", true, List.of("user"), List.of("etl")),
                    new Policy.UserPolicy("carol", false, List.of("user"), List.of("etl", "hr")),
                    new Policy.UserPolicy("root", true, List.of("admin"), List.of())));
    private static final TrinoPrincipal BOB = new TrinoPrincipal(PrincipalType.USER, "bob");

    private final AtomicReference<Optional<Policy>> policy = new AtomicReference<>(Optional.of(POLICY));
    private final DenialLedger ledger = new DenialLedger();
    private final NexusAccessControl accessControl =
            new NexusAccessControl(policy::get, "nexus-sync", ledger, () -> {});

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
                    (ac, c) -> ac.checkCanSetCatalogSessionProperty(ctx(), c, "p")),
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
                    (ac, c) -> ac.checkCanSetSystemSessionProperty(alice(), QueryId.valueOf("q"), "p")),
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
                .hasMessageContaining("the Nexus policy is not loaded"));
        // without the policy no user and no grant is known: fail closed
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(alice(), QueryId.valueOf("q")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the Nexus policy is not loaded");
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
        // the read-only pass-through, everywhere, even without a policy
        assertThat(accessControl.canExecuteFunction(ctx(), routine(READ_ONLY, "system", "query")))
                .isTrue();
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
        policy.set(Optional.empty());
        assertThat(accessControl.canExecuteFunction(ctx(), routine(READ_ONLY, "system", "query")))
                .isFalse();
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
