package org.entente.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.entente.server.db.Database;
import org.entente.server.store.Visibility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;

/**
 * The arrows of the house (docs/architecture.md), checked by the build: an arrow that turns back
 * fails here, with the classes that turned it.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.entente");
    }

    @Test
    void theStoreKnowsNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("org.entente.server.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.entente.server.policy..",
                        "org.entente.server.ledger..",
                        "org.entente.server.federation..",
                        "org.entente.server.ingest..",
                        "org.entente.server.detection..",
                        "org.entente.server.agreement..",
                        "org.entente.server.auth..",
                        "org.entente.server.taxii..",
                        "org.entente.server.cli..")
                .because(
                        "the store applies a visibility; it never decides one (STYLE.md, the house)")
                .check(main);
    }

    @Test
    void theLedgerKnowsNothingOfPolicyFederationOrHttp() {
        noClasses()
                .that()
                .resideInAPackage("org.entente.server.ledger..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.entente.server.policy..",
                        "org.entente.server.federation..",
                        "org.entente.server.ingest..",
                        "org.entente.server.taxii..",
                        "org.entente.server.cli..",
                        "org.springframework.web..",
                        "jakarta.servlet..")
                .because("the ledger appends inside its caller's transaction and knows no HTTP")
                .check(main);
    }

    @Test
    void onlyThePolicyMakesAVisibility() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.entente.server.policy..", "org.entente.server.store..")
                .should()
                .callMethod(Visibility.class, "all")
                .orShould()
                .callMethod(Visibility.class, "where", org.entente.server.store.Condition.class)
                .orShould()
                .callMethod(Visibility.class, "none")
                .because("what a reader may see is the policy's decision alone (ADR 0009)")
                .check(main);
    }

    @Test
    void theStoreMakesNoVisibilityOfItsOwn() {
        noClasses()
                .that()
                .resideInAPackage("org.entente.server.store..")
                .and()
                .doNotHaveSimpleName("Visibility")
                .should()
                .callMethod(Visibility.class, "all")
                .orShould()
                .callMethod(Visibility.class, "where", org.entente.server.store.Condition.class)
                .because("the store applies the visibility it is given")
                .check(main);
    }

    @Test
    void controllersCallUseCasesNeverADaoNorTheDatabase() {
        noClasses()
                .that()
                .areMetaAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat(daoOrDatabase())
                .because(
                        "an adapter translates and calls the use case that the CLI and the console"
                                + " call too; reading and writing is the use case's (the house)")
                .check(main);
    }

    /** A DAO, a type nested in one (its rows), or the database itself. */
    private static DescribedPredicate<JavaClass> daoOrDatabase() {
        return DescribedPredicate.describe(
                "a class whose simple name ends in Dao (or nested in one), or db.Database",
                c ->
                        c.getSimpleName().endsWith("Dao")
                                || c.getEnclosingClass()
                                        .map(e -> e.getSimpleName().endsWith("Dao"))
                                        .orElse(false)
                                || c.isEquivalentTo(Database.class));
    }

    /**
     * A local node (the demo's agencies, the federation tests' peers) is a child process that the
     * caller reaches over HTTPS, as one agency reaches another: it takes the node's command line
     * and answers, never its classes, so what passes between two local nodes is only what passes
     * between two agencies' nodes.
     */
    @Test
    void aLocalNodeIsReachedOverTheWireAlone() {
        noClasses()
                .that()
                .resideInAPackage("org.entente.server.localnode..")
                .should()
                .dependOnClassesThat(
                        JavaClass.Predicates.resideInAPackage("org.entente.server..")
                                .and(
                                        DescribedPredicate.not(
                                                JavaClass.Predicates.resideInAPackage(
                                                        "org.entente.server.localnode.."))))
                .because("a local node is another agency's node, reached over HTTPS")
                .check(main);
    }

    @Test
    void theLibrariesImportNeitherSpringNorJdbcNorTheServer() {
        noClasses()
                .that()
                .resideInAnyPackage("org.entente.stix..", "org.entente.pattern..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "org.entente.server..")
                .check(main);
    }

    @Test
    void theStixLibraryDoesNotImportThePatternEngine() {
        noClasses()
                .that()
                .resideInAPackage("org.entente.stix..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.entente.pattern..")
                .because("patterns plug into the validator through the PatternChecker SPI")
                .check(main);
    }
}
