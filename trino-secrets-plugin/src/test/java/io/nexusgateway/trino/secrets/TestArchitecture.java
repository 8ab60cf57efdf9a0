package io.nexusgateway.trino.secrets;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Trino's secrets-plugin loader gives secrets-plugin/nexus/ the platform class loader and airlift's secrets SPI,
 * nothing else (the pom's enforcer rule keeps libraries out): the provider's code uses the JDK and the SPI only.
 */
final class TestArchitecture {
    @Test
    void testTheProviderUsesOnlyTheJdkAndTheSecretsSpi() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nexusgateway");
        classes()
                .that()
                .resideInAPackage("io.nexusgateway.trino.secrets..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.nexusgateway.trino.secrets..", "java..", "io.airlift.spi.secrets..")
                .check(classes);
    }
}
