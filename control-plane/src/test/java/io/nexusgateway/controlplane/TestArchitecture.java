package io.nexusgateway.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

/**
 * Package by feature: controllers and repositories stay inside their feature, features do not form cycles; the
 * connectors module and the catalog sync's Trino client keep to themselves.
 */
final class TestArchitecture {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nexusgateway.controlplane");

    @Test
    void testControllersAndRepositoriesArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .notHaveModifier(JavaModifier.PUBLIC)
                .check(CLASSES);
        classes()
                .that()
                .areAnnotatedWith(Repository.class)
                .should()
                .notHaveModifier(JavaModifier.PUBLIC)
                .check(CLASSES);
    }

    @Test
    void testFeaturesHaveNoCycles() {
        slices().matching("io.nexusgateway.controlplane.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    /** What a datasource type means is plain Java: the connectors module depends on nothing of Nexus. */
    @Test
    void testConnectorsDependOnNothingOfOurs() {
        JavaClasses connectors = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nexusgateway");
        classes()
                .that()
                .resideInAPackage("io.nexusgateway.connectors..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.nexusgateway.connectors..", "java..", "org.jspecify..")
                .check(connectors);
        // and the catalog sync's Trino client knows nothing of its reconciler
        noClasses()
                .that()
                .resideInAPackage("io.nexusgateway.catalogsync.trino..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.nexusgateway.catalogsync")
                .check(connectors);
    }

    @Test
    void testResultEncodingKnowsNoEngine() {
        // Spark and Flink results will be encoded by the same code: it must not lean on Trino's client
        noClasses()
                .that()
                .resideInAPackage("io.nexusgateway.controlplane.result..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.trino..", "io.nexusgateway.controlplane.trino..", "io.nexusgateway.controlplane.query..")
                .check(CLASSES);
    }

    @Test
    void testTrinoProtocolKnowsNoRestApi() {
        noClasses()
                .that()
                .resideInAPackage("io.nexusgateway.controlplane.trino.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.nexusgateway.controlplane.query..", "org.springframework.web..")
                .check(CLASSES);
    }

    @Test
    void testNoFieldInjection() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.beans.factory.annotation.Autowired")
                .check(CLASSES);
    }

    @Test
    void testRulesAreTestableWithoutFilesOrSpring() {
        // the signing-key rules apart from their file, the query-limit policy apart from configuration binding
        noClasses()
                .that()
                .haveFullyQualifiedName("io.nexusgateway.controlplane.auth.KeyRing")
                .or()
                .haveFullyQualifiedName("io.nexusgateway.controlplane.auth.SigningKeyState")
                .or()
                .haveFullyQualifiedName("io.nexusgateway.controlplane.policy.QueryLimitPolicy")
                .or()
                .haveFullyQualifiedName("io.nexusgateway.controlplane.identity.IdentityRules")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "org.springframework..")
                .check(CLASSES);
    }
}
