package dev.eventgateway.worker;

import com.sun.net.httpserver.HttpServer;
import dev.eventgateway.Gateway;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A template rejection through its three channels: the outbox row, the {@code wa.notifications} record and an HTTP
 * POST to a Slack-compatible receiver that fails twice before it takes the notification. A gateway of its own, since
 * the URL is configuration and the outbox is per database.
 */
@GatewayIT
class TemplateNotificationIT {

    @Test
    void aRejectionIsPublishedKeptInTheOutboxAndPostedUntilTheReceiverTakesIt(GatewayStack stack) throws IOException {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/services/T000/B000/it-secret", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = calls.incrementAndGet() <= 2 ? 500 : 200;
            byte[] answer = (status == 200 ? "ok" : "boom").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/services/T000/B000/it-secret";

        String name = IsolatedGateways.uniqueName("notify");
        String template = name + "_promo";
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        Map<String, String> env = IsolatedGateways.env(name, Map.of(
                "GATEWAY_NOTIFICATIONS_SLACK_URL", url,
                "GATEWAY_NOTIFICATIONS_POLL_INTERVAL", "100ms",
                "GATEWAY_NOTIFICATIONS_RETRY_BACKOFF", "100ms"));
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, env))) {
            assertThat(IsolatedGateways.post(gateway, GatewayStack.WHATS91,
                    WorkerPayloads.template(template, "en", "REJECTED", "INVALID_FORMAT"))).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM notification_outbox "
                    + "WHERE template_name = ? AND http_state = 'delivered'", template) == 1);

            Map<String, Object> row = db.query("SELECT severity, text, attempts, last_error, published_at IS NOT NULL "
                    + "AS published, delivered_at IS NOT NULL AS delivered, payload->>'id' AS id "
                    + "FROM notification_outbox WHERE template_name = ?", template).get(0);
            assertThat(row).containsEntry("severity", "warning")
                    .containsEntry("text", template + " (en) is now REJECTED - reason: INVALID_FORMAT")
                    .containsEntry("attempts", 3)
                    .containsEntry("last_error", "HTTP 500")
                    .containsEntry("published", true)
                    .containsEntry("delivered", true);
            assertThat(calls).hasValue(3);
            assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(new JsonObject(body).getString("text"))
                    .isEqualTo("[WARNING] " + template + " (en) is now REJECTED - reason: INVALID_FORMAT (sender "
                            + WorkerPayloads.SENDER + ")"));

            List<ConsumerRecord<String, byte[]>> published = new KafkaProbe(servers.kafkaBootstrap())
                    .records(IsolatedGateways.topicPrefix(name) + "notifications");
            assertThat(published).singleElement().satisfies(record -> {
                JsonObject payload = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
                assertThat(record.key()).isEqualTo(WorkerPayloads.SENDER);
                assertThat(KafkaProbe.header(record, "ce_id")).isEqualTo(row.get("id"));
                assertThat(payload.getString("id")).isEqualTo(row.get("id"));
                assertThat(payload.getString("type")).isEqualTo("template.status_update");
                assertThat(payload.getString("severity")).isEqualTo("warning");
                assertThat(payload.getJsonObject("template").getString("name")).isEqualTo(template);
                assertThat(payload.getJsonObject("template").getString("status")).isEqualTo("REJECTED");
                assertThat(payload.getJsonObject("template").getString("reason")).isEqualTo("INVALID_FORMAT");
            });
            assertThat(db.query("SELECT status, reason, category FROM templates WHERE template_name = ?", template))
                    .singleElement().isEqualTo(Map.of("status", "REJECTED", "reason", "INVALID_FORMAT",
                            "category", "MARKETING"));
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .contains("gateway_notifications_total{channel=\"http\",outcome=\"retried\"} 2.0")
                    .contains("gateway_notifications_total{channel=\"http\",outcome=\"delivered\"} 1.0")
                    .contains("gateway_notifications_total{channel=\"kafka\",outcome=\"delivered\"} 1.0");
        } finally {
            receiver.stop(0);
        }
    }
}
