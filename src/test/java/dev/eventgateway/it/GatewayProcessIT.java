package dev.eventgateway.it;

import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway as a process: start-up, configuration errors, SIGTERM, kill -9, embedded mode across restarts. */
@GatewayIT
class GatewayProcessIT {

    private static final String SECRET = "process-it-secret";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void badConfigurationExits2NamingTheKeyWithoutAStackTrace() {
        Path dir = TestServers.dataDir("badconfig");
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("GATEWAY_HTTP_PORT", "abc",
                "GATEWAY_KAFKA_PARTITIONS", "-1"))) {
            assertThat(gateway.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(gateway.output())
                    .contains("http.port (GATEWAY_HTTP_PORT): must be a whole number, got 'abc'")
                    .contains("kafka.partitions (GATEWAY_KAFKA_PARTITIONS)")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void unknownProviderInADeclaredWebhookExits2(GatewayStack stack) throws IOException {
        Path dir = TestServers.dataDir("badhook");
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_x
                    provider: carrier-pigeon
                    signingSecret: s
                """);
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("GATEWAY_CONFIG", "hooks.yaml"))) {
            assertThat(gateway.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(gateway.output()).contains("webhooks[0]: Unsupported provider: carrier-pigeon")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void sigtermFinishesAndExitsZero(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("sigterm");
        Map<String, String> env = external(stack.servers(), dir);
        try (GatewayProcess gateway = GatewayProcess.start(dir, env)) {
            int port = gateway.awaitStarted(Duration.ofSeconds(90));
            assertThat(postSigned(port, Whats91Payloads.inboundText("wamid.p-" + UUID.randomUUID(), "1", "x")))
                    .isEqualTo(200);

            long stopAsked = System.nanoTime();
            gateway.terminate();

            assertThat(gateway.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(30));
            assertThat(gateway.output()).contains("gateway stopped");
        }
    }

    /**
     * Embedded mode end to end: start on a fresh data dir, accept an event, SIGTERM (no server left behind), start
     * again (the event is still in Kafka), kill -9, and start once more (stale servers are replaced, not fatal).
     */
    @Test
    void embeddedModeKeepsDataAcrossRestartsAndSurvivesKill9() throws Exception {
        Path dir = TestServers.dataDir("embedded");
        Map<String, String> env = new HashMap<>(webhookEnv(dir));
        env.put("GATEWAY_DATA_DIR", dir.resolve("data").toString());
        env.put("GATEWAY_EMBEDDED_KAFKA_PORT", "0");
        env.put("GATEWAY_EMBEDDED_POSTGRES_PORT", "0");
        String messageId = "wamid.embedded-" + UUID.randomUUID();

        try (GatewayProcess first = GatewayProcess.start(dir, env)) {
            int port = first.awaitStarted(Duration.ofSeconds(120));
            assertThat(ready(first.managementPort())).isEqualTo(200);
            assertThat(postSigned(port, Whats91Payloads.inboundText(messageId, "1", "kept"))).isEqualTo(200);
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(processesUsing(dir)).isZero());

        try (GatewayProcess second = GatewayProcess.start(dir, env)) {
            int port = second.awaitStarted(Duration.ofSeconds(120));
            assertThat(ready(second.managementPort())).isEqualTo(200);
            assertThat(new KafkaProbe(second.kafkaBootstrap()).recordsContaining("wa.messages.inbound", messageId))
                    .hasSize(1);
            second.kill();
            second.awaitExit(Duration.ofSeconds(30));
        }

        try (GatewayProcess third = GatewayProcess.start(dir, env)) {
            int port = third.awaitStarted(Duration.ofSeconds(120));
            assertThat(ready(third.managementPort())).isEqualTo(200);
            third.terminate();
            assertThat(third.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(processesUsing(dir)).isZero());
    }

    private static long processesUsing(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .count();
    }

    private static Map<String, String> external(TestServers servers, Path dir) throws IOException {
        Map<String, String> env = new HashMap<>(webhookEnv(dir));
        env.put("GATEWAY_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.put("GATEWAY_POSTGRES_URL", servers.postgresUrl());
        env.put("GATEWAY_DATA_DIR", dir.toString());
        env.putAll(GatewayStack.adminEnv()); // an external database needs the key the other test gateways use
        return env;
    }

    private static Map<String, String> webhookEnv(Path dir) throws IOException {
        Files.writeString(dir.resolve("hooks.yaml"), """
                webhooks:
                  - webhookUid: wh_process
                    provider: whats91
                    senderId: "916268662275"
                    signingSecret: %s
                """.formatted(SECRET));
        return Map.of("GATEWAY_CONFIG", "hooks.yaml", "GATEWAY_HTTP_PORT", "0", "GATEWAY_HTTP_HOST", "127.0.0.1",
                "GATEWAY_MANAGEMENT_PORT", "0", "GATEWAY_SHUTDOWN_TIMEOUT", "5s");
    }

    private int postSigned(int port, byte[] body) throws Exception {
        var webhook = new GatewayStack.TestWebhook("wh_process", "whats91", SECRET, null);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/wh_process"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webhook.headers(body).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int ready(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
