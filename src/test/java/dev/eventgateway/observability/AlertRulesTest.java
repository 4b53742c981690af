package dev.eventgateway.observability;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules load in Prometheus: {@code promtool check rules} (Debian's {@code prometheus} package, which
 * {@code .ci/run} installs where missing) parses every rule and its PromQL. Where no promtool is on the PATH the test
 * reports itself skipped, loudly. That every metric the rules name is exported is {@code MonitoringFilesIT}'s part.
 */
class AlertRulesTest {

    private static final Path ALERTS = Path.of("docker/prometheus/alerts.yml");

    @Test
    void promtoolAcceptsTheAlertRules() throws IOException, InterruptedException {
        Path promtool = onPath("promtool");
        if (promtool == null) {
            System.err.println("AlertRulesTest SKIPPED: no promtool on the PATH (apt-get install prometheus)");
            Assumptions.abort("no promtool on the PATH");
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", ALERTS.toString())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
