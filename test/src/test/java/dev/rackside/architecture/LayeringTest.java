package dev.rackside.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's arrows, enforced on the compiled classes: services never see Lanterna, views or themes;
 * themes never see services; views see only the service layer's typed boundary (services.api, services.model,
 * services.text) and the themes, never fabric8, AWS or the rest of services; nothing but the sandbox module
 * sees the mock server, and nothing sees the sandbox's classes (it is found through ServiceLoader). Each rule
 * is also run against a deliberately bad class, so a rule that silently matches nothing fails here instead of
 * passing.
 */
class LayeringTest {
    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the services test fixtures' jar
            .importPackages("dev.rackside");
    static final JavaClasses FIXTURE = new ClassFileImporter().importPackages("dev.rackside.archfixture");

    static ArchRule servicesStayHeadless(String servicesPackage) {
        return noClasses().that().resideInAPackage(servicesPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("com.googlecode.lanterna..", "dev.rackside.views..",
                        "dev.rackside.themes..", "dev.rackside.app..")
                .because("services is the headless layer the TUI and the CLI share (DESIGN.md)");
    }

    /** The whitelist: what a view may depend on. */
    static ArchRule viewsSeeOnlyTheBoundary(String viewsPackage) {
        return classes().that().resideInAPackage(viewsPackage + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(viewsPackage + "..", "dev.rackside.services.api..",
                        "dev.rackside.services.model..", "dev.rackside.services.text..", "dev.rackside.themes..",
                        "java..", "javax.annotation..", "com.googlecode.lanterna..", "org.slf4j..", "tools.jackson..")
                .because("views read the service layer through its typed boundary only: services.api, services.model, "
                        + "services.text (DESIGN.md)");
    }

    static ArchRule themesKnowNoRacks(String themesPackage) {
        return noClasses().that().resideInAPackage(themesPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rackside.services..", "io.fabric8..",
                        "software.amazon.awssdk..", "dev.rackside.views..", "dev.rackside.app..")
                .because("themes are colours and styles with no knowledge of racks (DESIGN.md)");
    }

    /** The mock server and the sandbox stay in the sandbox module, off the production class path. */
    static ArchRule sandboxStaysApart(String outside) {
        return noClasses().that().resideInAPackage(outside + "..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..", "io.vertx..", "io.netty..", "dev.rackside.sandbox..")
                .because("the sandbox loads in its own class loader, only when it opens (DESIGN.md, README)");
    }

    @Test
    void productionCodeKeepsTheLayers() {
        assertTrue(PRODUCTION.contain("dev.rackside.services.kube.KubeRackReader"), "services classes imported");
        assertTrue(PRODUCTION.contain("dev.rackside.app.Main"), "app classes imported");
        assertTrue(PRODUCTION.contain("dev.rackside.sandbox.SandboxServer"), "sandbox classes imported");
        servicesStayHeadless("dev.rackside.services").check(PRODUCTION);
        viewsSeeOnlyTheBoundary("dev.rackside.views").check(PRODUCTION);
        themesKnowNoRacks("dev.rackside.themes").allowEmptyShould(true).check(PRODUCTION);
        for (String outside : new String[] {"dev.rackside.services", "dev.rackside.views", "dev.rackside.app",
            "dev.rackside.themes"}) {
            sandboxStaysApart(outside).check(PRODUCTION);
        }
    }

    @Test
    void theRulesCatchViolations() {
        EvaluationResult services = servicesStayHeadless("dev.rackside.archfixture.services").evaluate(FIXTURE);
        assertTrue(services.hasViolation(), "a service using Lanterna must be caught");
        EvaluationResult views = viewsSeeOnlyTheBoundary("dev.rackside.archfixture.views").evaluate(FIXTURE);
        assertTrue(views.hasViolation(), "a view using a fabric8 type must be caught");
        EvaluationResult themes = themesKnowNoRacks("dev.rackside.archfixture.themes").evaluate(FIXTURE);
        assertTrue(themes.hasViolation(), "a theme using a service type must be caught");
        assertTrue(sandboxStaysApart("dev.rackside.archfixture.views").evaluate(FIXTURE).hasViolation(),
                "a view reaching the sandbox must be caught");
        assertFalse(servicesStayHeadless("dev.rackside.archfixture.clean").evaluate(FIXTURE).hasViolation());
        assertFalse(viewsSeeOnlyTheBoundary("dev.rackside.archfixture.clean").evaluate(FIXTURE).hasViolation());
    }
}
