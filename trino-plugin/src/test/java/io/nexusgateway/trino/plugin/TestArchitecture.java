package io.nexusgateway.trino.plugin;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Trino loads plugin/nexus/ in a class loader of its own, with the SPI from Trino and the rest from the directory:
 * the plugin depends on nothing of ours outside it, only on the SPI and the libraries its pom puts there.
 */
final class TestArchitecture {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nexusgateway");

    @Test
    void testThePluginDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.nexusgateway.trino.plugin..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.nexusgateway..")
                        .and(resideOutsideOfPackage("io.nexusgateway.trino.plugin..")))
                .check(CLASSES);
    }

    @Test
    void testThePluginUsesOnlyTheSpiAndItsLibraries() {
        classes()
                .that()
                .resideInAPackage("io.nexusgateway.trino.plugin..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.nexusgateway.trino.plugin..",
                        "java..",
                        // provided by Trino
                        "io.trino.spi..",
                        // the libraries in plugin/nexus/, as Trino's own plugins use them
                        "io.trino.sql..",
                        "io.airlift.bootstrap..",
                        "io.airlift.configuration..",
                        "io.airlift.log..",
                        "io.airlift.units..",
                        "com.google.inject..",
                        "com.google.common..",
                        "com.fasterxml.jackson..",
                        "jakarta.annotation..",
                        "jakarta.validation..",
                        "net.sf.jsqlparser..")
                .check(CLASSES);
    }
}
