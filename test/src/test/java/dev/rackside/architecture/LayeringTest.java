package dev.rackside.architecture;

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
 * themes never see services; views never see fabric8 or AWS SDK types. Each rule is also run against a
 * deliberately bad class, so a rule that silently matches nothing fails here instead of passing.
 */
class LayeringTest {
    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rackside");
    static final JavaClasses FIXTURE = new ClassFileImporter().importPackages("dev.rackside.archfixture");

    static ArchRule servicesStayHeadless(String servicesPackage) {
        return noClasses().that().resideInAPackage(servicesPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("com.googlecode.lanterna..", "dev.rackside.views..",
                        "dev.rackside.themes..", "dev.rackside.app..")
                .because("services is the headless layer the TUI and the CLI share (DESIGN.md)");
    }

    static ArchRule viewsSeeOnlyServiceInterfaces(String viewsPackage) {
        return noClasses().that().resideInAPackage(viewsPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "software.amazon.awssdk..",
                        "dev.rackside.app..")
                .because("views read services through their interfaces, never fabric8 or AWS types (DESIGN.md)");
    }

    static ArchRule themesKnowNoRacks(String themesPackage) {
        return noClasses().that().resideInAPackage(themesPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rackside.services..", "io.fabric8..",
                        "software.amazon.awssdk..", "dev.rackside.views..", "dev.rackside.app..")
                .because("themes are colours and styles with no knowledge of racks (DESIGN.md)");
    }

    @Test
    void productionCodeKeepsTheLayers() {
        assertTrue(PRODUCTION.contain("dev.rackside.services.kube.KubeRackReader"), "services classes imported");
        assertTrue(PRODUCTION.contain("dev.rackside.app.Main"), "app classes imported");
        servicesStayHeadless("dev.rackside.services").check(PRODUCTION);
        viewsSeeOnlyServiceInterfaces("dev.rackside.views").allowEmptyShould(true).check(PRODUCTION);
        themesKnowNoRacks("dev.rackside.themes").allowEmptyShould(true).check(PRODUCTION);
    }

    @Test
    void theRulesCatchViolations() {
        EvaluationResult services = servicesStayHeadless("dev.rackside.archfixture.services").evaluate(FIXTURE);
        assertTrue(services.hasViolation(), "a service using Lanterna must be caught");
        EvaluationResult views = viewsSeeOnlyServiceInterfaces("dev.rackside.archfixture.views").evaluate(FIXTURE);
        assertTrue(views.hasViolation(), "a view using a fabric8 type must be caught");
        EvaluationResult themes = themesKnowNoRacks("dev.rackside.archfixture.themes").evaluate(FIXTURE);
        assertTrue(themes.hasViolation(), "a theme using a service type must be caught");
        assertFalse(servicesStayHeadless("dev.rackside.archfixture.clean").evaluate(FIXTURE).hasViolation());
    }
}
