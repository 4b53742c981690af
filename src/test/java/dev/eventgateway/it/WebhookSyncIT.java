package dev.eventgateway.it;

import dev.eventgateway.storage.webhooks.WebhookChangeListener;
import dev.eventgateway.support.AdminClient;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook changes reach every gateway process within a second (PostgreSQL LISTEN/NOTIFY), and a listener that lost
 * its connection reloads everything, so a change it could not hear is not missed.
 */
@GatewayIT
class WebhookSyncIT {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    /**
     * Process A is the test stack's gateway, process B a gateway JVM of its own; they share only Kafka and PostgreSQL.
     */
    @Test
    void aChangeMadeThroughOneProcessIsLiveInTheOtherWithinASecond(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("sync");
        Map<String, String> env = new HashMap<>(GatewayStack.adminEnv());
        env.putAll(Map.of("GATEWAY_KAFKA_BOOTSTRAP_SERVERS", stack.servers().kafkaBootstrap(),
                "GATEWAY_POSTGRES_URL", stack.servers().postgresUrl(), "GATEWAY_DATA_DIR", dir.toString(),
                "GATEWAY_HTTP_PORT", "0", "GATEWAY_HTTP_HOST", "127.0.0.1", "GATEWAY_MANAGEMENT_PORT", "0",
                "GATEWAY_SHUTDOWN_TIMEOUT", "5s"));
        try (GatewayProcess processB = GatewayProcess.start(dir, env)) {
            int portB = processB.awaitStarted(Duration.ofSeconds(90));
            AdminClient adminB = new AdminClient(stack::send, path -> URI.create("http://127.0.0.1:" + portB + path),
                    GatewayStack.ADMIN_TOKEN);
            // B declares no webhook itself: the stack's declared one comes from the table. This first request also
            // warms B's Kafka producer, so the timed part below measures the change, not a cold start.
            assertThat(postSigned(stack, portB, GatewayStack.WHATS91)).isEqualTo(200);

            // created through A
            JsonObject created = stack.admin().post("/api/v2/webhooks", new JsonObject()
                    .put("senderId", "916268662275").put("name", "sync")).data();
            var webhook = new GatewayStack.TestWebhook(created.getString("webhookUid"), "whats91",
                    created.getString("signingSecret"), null);
            // accepted by B within a second
            await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(postSigned(stack, portB, webhook)).isEqualTo(200));

            // deactivated through B
            AdminClient.Answer disabled = adminB.post("/api/v2/webhooks/" + webhook.uid(), new JsonObject()
                    .put("webhook", new JsonObject().put("status", "INACTIVE")));
            assertThat(disabled.status()).isEqualTo(200);
            // refused by A within a second
            await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(404));
            assertThat(postSigned(stack, portB, webhook)).isEqualTo(404);

            assertThat(processB.output()).contains("webhook updated").doesNotContain(webhook.secret());
        }
    }

    @Test
    void aListenerThatLostItsConnectionReloadsWhatItMissed(GatewayStack stack) throws Exception {
        JsonObject created = stack.admin().post("/api/v2/webhooks", new JsonObject().put("senderId", "916268662275")
                .put("name", "missed")).data();
        String uid = created.getString("webhookUid");
        await().atMost(WITHIN_A_SECOND).until(() -> stack.gateway().registry().find(uid).isPresent());

        try (Connection db = DriverManager.getConnection(stack.servers().jdbcUrl(), stack.servers().user(),
                stack.servers().password())) {
            // a change nobody hears: triggers (hence NOTIFY) do not fire in replica mode
            try (Statement st = db.createStatement()) {
                st.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE webhooks SET status = 'INACTIVE' WHERE webhook_uid = ?")) {
                st.setString(1, uid);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            assertThat(stack.gateway().registry().find(uid)).get().matches(Webhook::isActive);

            // the listener's connection drops; it reconnects and reloads the whole table
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                st.setString(1, WebhookChangeListener.applicationName());
                st.executeQuery();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stack.gateway().registry().find(uid)).get().matches(w -> !w.isActive()));
        var webhook = new GatewayStack.TestWebhook(uid, "whats91", created.getString("signingSecret"), null);
        assertThat(stack.postSigned(webhook, inbound()).statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stack.get("/health/ready").body()).contains("\"webhooks\":\"up\""));
    }

    private static int postSigned(GatewayStack stack, int port, GatewayStack.TestWebhook webhook) {
        byte[] body = inbound();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/"
                        + webhook.uid()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webhook.headers(body).forEach(request::header);
        HttpResponse<String> response = stack.send(request.build());
        return response.statusCode();
    }

    private static byte[] inbound() {
        return Whats91Payloads.inboundText("wamid.sync-" + UUID.randomUUID(), "919888888888", "hello");
    }
}
