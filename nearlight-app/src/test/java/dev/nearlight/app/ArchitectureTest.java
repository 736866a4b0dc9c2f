package dev.nearlight.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module dependencies point downwards only: core, fabric, sim, compose, explore, manager, app. The models carry no web,
 * database or password stack; only the fabric manager does.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.nearlight");
    }

    @Test
    void coreDependsOnNoHigherModuleNorOnWebCliOrDatabase() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nearlight.fabric..",
                        "dev.nearlight.sim..",
                        "dev.nearlight.compose..",
                        "dev.nearlight.explore..",
                        "dev.nearlight.app..",
                        "io.javalin..",
                        "picocli..",
                        "org.jdbi..",
                        "org.jgrapht..")
                .check(classes);
    }

    @Test
    void fabricDependsOnlyOnCore() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.fabric..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nearlight.sim..",
                        "dev.nearlight.compose..",
                        "dev.nearlight.explore..",
                        "dev.nearlight.app..",
                        "io.javalin..",
                        "picocli..")
                .check(classes);
    }

    @Test
    void simDoesNotDependOnComposeExploreOrApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nearlight.compose..", "dev.nearlight.explore..", "dev.nearlight.app..", "picocli..")
                .check(classes);
    }

    @Test
    void composeDoesNotDependOnSimExploreOrApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.compose..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nearlight.sim..", "dev.nearlight.explore..", "dev.nearlight.app..", "picocli..")
                .check(classes);
    }

    @Test
    void exploreDoesNotDependOnApp() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.explore..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nearlight.app..", "picocli..", "io.javalin..")
                .check(classes);
    }

    @Test
    void commandsBuildNoClusterOfTheirOwn() {
        // parse -> build (explore.cluster.ClusterModel) -> estimate -> render: no fabric build, plan, roll-up,
        // compilation or reliability inventory is derived in the CLI layer
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.app..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.nearlight.fabric.bom.FabricRollup")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.nearlight.fabric.link.LinkPlanner")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.nearlight.fabric.graph.CompiledFabric")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.nearlight.fabric.graph.FabricGraphs")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.nearlight.sim.net.FabricTopologies")
                .orShould()
                .callConstructor(
                        dev.nearlight.fabric.spec.FabricFactory.class,
                        dev.nearlight.fabric.link.LinkEvaluator.class,
                        dev.nearlight.core.catalogue.Catalogue.class)
                .check(classes);
    }

    /** The web, database and password stack that only the fabric manager (and the CLI that starts it) may touch. */
    private static final String[] SERVICE_STACK = {
        "io.javalin..",
        "org.eclipse.jetty..",
        "org.jdbi..",
        "org.flywaydb..",
        "java.sql..",
        "javax.sql..",
        "org.h2..",
        "org.postgresql..",
        "at.favre.lib.."
    };

    @Test
    void modelsCarryNoWebDatabaseOrPasswordStack() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.nearlight.core..",
                        "dev.nearlight.fabric..",
                        "dev.nearlight.sim..",
                        "dev.nearlight.explore..",
                        "dev.nearlight.compose..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICE_STACK)
                .check(classes);
    }

    @Test
    void modelsDoNotDependOnTheManager() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.nearlight.core..",
                        "dev.nearlight.fabric..",
                        "dev.nearlight.sim..",
                        "dev.nearlight.explore..",
                        "dev.nearlight.compose..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.nearlight.manager..")
                .check(classes);
    }

    @Test
    void managerDependsOnNoCliExploreOrSim() {
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.manager..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.nearlight.app..", "dev.nearlight.explore..", "dev.nearlight.sim..", "picocli..")
                .check(classes);
    }

    @Test
    void studioDependsOnNoCli() {
        // the CLI starts the studio, never the other way round; the studio reuses explore's models and the manager's
        // accounts
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.studio..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.nearlight.app..", "picocli..")
                .check(classes);
    }

    @Test
    void reportRenderingCarriesNoWebOrDatabaseStack() {
        // the report package renders documents for both the CLI and the studio: pure functions of a Comparison
        noClasses()
                .that()
                .resideInAPackage("dev.nearlight.studio.report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICE_STACK)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("dev.nearlight.manager..")
                .check(classes);
    }
}
