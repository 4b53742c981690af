package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka stopped under a running gateway with the spool off ({@code ingress.spool.enabled} false): no request gets 200 while it is down (503 + Retry-After instead), and once
 * it is back requests succeed again without restarting the gateway. Uses a broker of its own.
 */
@GatewayIT
class KafkaOutageIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestsGet503WhileKafkaIsDownAnd200AgainOnceItIsBack(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("kafka-outage");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        int port = kafka.port();
        TestServers servers = new TestServers(kafka.bootstrapServers(), stack.servers().postgresUrl(),
                stack.servers().jdbcUrl(), stack.servers().user(), stack.servers().password(), List.of());
        List<String> acked = new ArrayList<>();
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, Map.of(
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "2s", "GATEWAY_WORKERS_ENABLED", "false",
                "GATEWAY_INGRESS_SPOOL_ENABLED", "false")))) {
            HttpResponse<String> before = post(gateway, "before");
            assertThat(before.statusCode()).isEqualTo(200);
            acked.add(eventId(before));

            kafka.close();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> during = post(gateway, "during-" + i);
                assertThat(during.statusCode()).as("request %d while Kafka is down", i).isEqualTo(503);
                assertThat(new JsonObject(during.body()).getString("error_code")).isEqualTo("UNAVAILABLE");
                assertThat(during.headers().firstValue("Retry-After")).isPresent();
            }

            kafka = EmbeddedKafka.start(dir, port);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> after = post(gateway, "after");
                if (after.statusCode() == 200) {
                    acked.add(eventId(after));
                    return true;
                }
                assertThat(after.statusCode()).isEqualTo(503);
                return false;
            });

            // every event that got a 200 is in Kafka
            List<String> stored = new KafkaProbe(kafka.bootstrapServers())
                    .records(gateway.config().kafka().topic("messages.inbound")).stream()
                    .map(r -> KafkaProbe.header(r, "ce_id")).toList();
            assertThat(stored).containsAll(acked);
        } finally {
            kafka.close();
        }
    }

    private HttpResponse<String> post(Gateway gateway, String tag) throws Exception {
        byte[] body = Whats91Payloads.inboundText("wamid.outage-" + tag + "-" + UUID.randomUUID(), "919800000001", tag);
        return http.send(GatewayStack.WHATS91.signedPost(gateway.httpPort(), body), HttpResponse.BodyHandlers.ofString());
    }

    private static String eventId(HttpResponse<String> response) {
        return new JsonObject(response.body()).getJsonArray("eventIds").getString(0);
    }
}
