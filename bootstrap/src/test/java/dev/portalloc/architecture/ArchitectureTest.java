package dev.portalloc.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every architecture rule holds for the product and fails on the deliberate violations in
 * {@code dev.portalloc.archfixture}, so no rule passes by checking nothing.
 */
final class ArchitectureTest {
    private static JavaClasses product;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The application's test-jar (contracts, in-memory adapters) is on this classpath; it is not product.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.portalloc");
        fixture = new ClassFileImporter().importPackages("dev.portalloc.archfixture");
    }

    static List<ArchitectureRules.NamedRule> productRules() {
        return ArchitectureRules.all("dev.portalloc");
    }

    static List<ArchitectureRules.NamedRule> fixtureRules() {
        return ArchitectureRules.all("dev.portalloc.archfixture");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productRules")
    void theProductFollowsTheRule(ArchitectureRules.NamedRule rule) {
        assertThat(product.stream().map(c -> c.getPackageName()))
                .as("the product's classes were imported")
                .contains("dev.portalloc.domain", "dev.portalloc.application.service", "dev.portalloc.adapters.jdbc",
                        "dev.portalloc.adapters.web", "dev.portalloc.adapters.host", "dev.portalloc.bootstrap", "dev.portalloc.embedded");
        rule.rule().check(product);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureRules")
    void theRuleCatchesADeliberateViolation(ArchitectureRules.NamedRule rule) {
        assertThatThrownBy(() -> rule.rule().check(fixture)).isInstanceOf(AssertionError.class);
    }
}
