package dev.eventgateway;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of STYLE §1 as the code keeps them (docs/architecture.md): dependencies point inward,
 * and no two packages use each other. A new import that breaks them fails here with the offending class and line.
 */
class LayeringTest {

    private static final String BASE = "dev.eventgateway";

    /**
     * Which gateway packages each package may use (itself and its sub-packages always). The root package, the
     * composition root ({@code Gateway}, {@code GatewayMain}, {@code WebhookSync}), may use them all.
     */
    private static final Map<String, List<String>> MAY_USE = Map.ofEntries(
            // leaves: the JDK and libraries only
            Map.entry("crypto", List.of()),
            Map.entry("event", List.of()),
            Map.entry("observability", List.of()),
            Map.entry("embedded", List.of()),
            // config reads raw values; only the secret type comes from below it
            Map.entry("config", List.of("crypto")),
            // the model of a webhook: what one is, no I/O
            Map.entry("webhook", List.of("crypto")),
            Map.entry("http", List.of("config", "observability")),
            Map.entry("provider", List.of("config", "crypto", "event", "webhook")),
            Map.entry("storage", List.of("config", "crypto", "webhook")),
            Map.entry("publish", List.of("config", "event", "observability", "webhook")),
            Map.entry("ingress", List.of("config", "crypto", "event", "http", "observability", "provider", "publish",
                    "webhook")),
            // the spool: ingress's fallback store in PostgreSQL and its drainer back to Kafka
            Map.entry("spool", List.of("config", "event", "observability", "publish", "storage", "webhook")),
            Map.entry("worker", List.of("config", "crypto", "event", "observability", "publish", "storage",
                    "webhook")),
            Map.entry("admin", List.of("config", "crypto", "event", "http", "observability", "provider", "storage",
                    "webhook")),
            // embedded: the password of a running gateway's embedded PostgreSQL, which replay connects to
            Map.entry("cli", List.of("config", "crypto", "embedded", "event", "provider", "publish", "storage",
                    "webhook", "worker")),
            // cli: the signed sample the console's test event shares with the send-sample command
            Map.entry("console", List.of("cli", "config", "crypto", "http", "observability", "provider", "publish",
                    "storage", "webhook", "worker")));

    private static JavaClasses gateway;

    @BeforeAll
    static void importMainClasses() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        for (Map.Entry<String, List<String>> entry : MAY_USE.entrySet()) {
            List<String> allowed = new ArrayList<>();
            allowed.add(BASE + "." + entry.getKey() + "..");
            entry.getValue().forEach(p -> allowed.add(BASE + "." + p + ".."));
            ArchRule rule = classes().that().resideInAPackage(BASE + "." + entry.getKey() + "..")
                    .should().onlyDependOnClassesThat(or(resideOutsideOfPackage(BASE + ".."),
                            resideInAnyPackage(allowed.toArray(String[]::new))))
                    .as(entry.getKey() + " uses only " + (entry.getValue().isEmpty() ? "the JDK and libraries"
                            : String.join(", ", entry.getValue())))
                    .allowEmptyShould(true);
            rule.check(gateway);
        }
    }

    @Test
    void everyPackageHasItsRule() {
        List<String> packages = gateway.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith(BASE + "."))
                .map(p -> p.substring(BASE.length() + 1).split("\\.")[0])
                .distinct().toList();
        List<String> missing = packages.stream().filter(p -> !MAY_USE.containsKey(p)).toList();
        assertThat(missing).as("packages without a line in MAY_USE").isEmpty();
    }

    @Test
    void nothingUsesTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage(BASE)
                .should().dependOnClassesThat().resideInAPackage(BASE)
                .check(gateway);
    }

    @Test
    void noTwoPackagesUseEachOther() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(gateway);
    }
}
