package dev.eventgateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped Grafana dashboard and Prometheus alert rules ask only for metrics a running gateway exports: every
 * metric name in their queries is on {@code /metrics}, so renaming a meter breaks the build, not the dashboard.
 */
@GatewayIT
class MonitoringFilesIT {

    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/event-gateway.json");
    private static final Path ALERTS = Path.of("docker/prometheus/alerts.yml");
    /** Metric names in PromQL: ours, Vert.x's and the JVM's all start with one of these prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:gateway|vertx|jvm|process|system|kafka)_[a-z0-9_]+");
    /** Series Prometheus makes itself for every scrape target; never on /metrics. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported(GatewayStack stack) throws IOException {
        List<String> queries = new ArrayList<>();
        collectExprs(new ObjectMapper().readTree(DASHBOARD.toFile()), queries);
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
        collectExprs(rules, queries);
        assertThat(queries).as("queries found").hasSizeGreaterThan(20);
        assertThat(rules.at("/groups/0/rules")).allSatisfy(rule -> {
            assertThat(rule.path("alert").asText()).isNotBlank();
            assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
        });
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                used.add(m.group());
            }
            assertThat(query.contains("up{") || METRIC.matcher(query).find()).as(query).isTrue();
        }

        // traffic that makes the per-request meters exist: an accepted request and a refused one
        byte[] body = ("{\"event\":\"message.inbound.text\",\"senderId\":\"916268662275\",\"data\":{\"from\":"
                + "\"919800000001\",\"messageId\":\"wamid.MONITORING1\",\"text\":\"hi\","
                + "\"timestamp\":\"2026-06-05T10:30:00.000Z\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(stack.postSigned(GatewayStack.WHATS91, body).statusCode()).isEqualTo(200);
        assertThat(stack.post("/webhooks/" + GatewayStack.WHATS91.uid(), body, java.util.Map.of()).statusCode())
                .isEqualTo(401);

        // the consumer lag gauges appear with the first measurement
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Set<String> exported = exported(stack.get("/metrics").body());
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(exported);
            missing.removeAll(PROMETHEUS_OWN);
            assertThat(missing).as("metrics the dashboard or the alerts use that /metrics does not export").isEmpty();
        });
    }

    private static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every {@code expr} string anywhere in the document (dashboard targets, alert rules). */
    private static void collectExprs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    out.add(field.getValue().asText());
                } else {
                    collectExprs(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, out));
        }
    }
}
