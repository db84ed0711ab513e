package dev.portalloc.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as rules over a package root, so that each can be checked against the product
 * ({@code dev.portalloc}) and shown to fail on the deliberate violations under
 * {@code dev.portalloc.archfixture}.
 */
final class ArchitectureRules {
    private static final String[] PERSISTENCE_TECH = {"jakarta.persistence..", "org.hibernate..", "com.zaxxer..",
            "org.flywaydb..", "org.h2..", "org.postgresql..", "java.sql.."};
    private static final String[] WEB_TECH = {"io.javalin..", "com.fasterxml.jackson..", "org.eclipse.jetty..",
            "jakarta.servlet.."};

    private ArchitectureRules() {
    }

    record NamedRule(String name, ArchRule rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<NamedRule> all(String root) {
        return List.of(
                new NamedRule("domain depends only on java.*", domainDependsOnlyOnJava(root)),
                new NamedRule("application depends only on domain and java.*", applicationDependsOnlyOnDomain(root)),
                new NamedRule("adapters do not depend on each other", adaptersAreIndependent(root)),
                new NamedRule("JPA, Hibernate, HikariCP, Flyway and JDBC stay in adapters-jdbc", persistenceStaysInJdbcAdapter(root)),
                new NamedRule("javax.sql stays in adapters-jdbc and the embedding API", dataSourceOnlyInJdbcAdapterAndEmbeddingApi(root)),
                new NamedRule("Javalin, Jetty and Jackson stay in adapters-web", webStaysInWebAdapter(root)),
                new NamedRule("socket probing of the host stays in adapters-host", socketsStayInHostAdapter(root)),
                new NamedRule("no package cycles", noPackageCycles(root)));
    }

    static ArchRule domainDependsOnlyOnJava(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..");
    }

    static ArchRule applicationDependsOnlyOnDomain(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root + ".domain..", root + ".application..");
    }

    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapters.(*)..").should().notDependOnEachOther();
    }

    static ArchRule persistenceStaysInJdbcAdapter(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapters.jdbc..")
                .and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE_TECH);
    }

    static ArchRule dataSourceOnlyInJdbcAdapterAndEmbeddingApi(String root) {
        // The embedding API accepts the platform's own DataSource and hands it to the adapter untouched.
        return noClasses().that().resideOutsideOfPackages(root + ".adapters.jdbc..", root + ".embedded..")
                .and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage("javax.sql..");
    }

    static ArchRule webStaysInWebAdapter(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapters.web..")
                .and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage(WEB_TECH);
    }

    static ArchRule socketsStayInHostAdapter(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapters.host..")
                .and().resideInAPackage(root + "..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket");
    }

    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }
}
