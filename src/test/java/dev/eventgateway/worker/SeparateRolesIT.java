package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway scaled apart: an ingress-only process and a workers-only process on the same Kafka topics and the same
 * database carry the provider flows end to end, each ready for what it runs.
 */
@GatewayIT
class SeparateRolesIT {

    private static final String PHONE = "919833333333";

    @Test
    void anIngressProcessAndAWorkersProcessTogetherApplyInboundStatusAndTemplateEvents(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("roles");
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        String id = UUID.randomUUID().toString().substring(0, 8);
        String messageId = "wamid.roles-" + id;
        String template = "roles_" + id;

        try (Gateway workers = Gateway.start(GatewayStack.config(servers,
                IsolatedGateways.env(name, Map.of("GATEWAY_ROLE", "workers"))));
             Gateway ingress = Gateway.start(GatewayStack.config(servers,
                     IsolatedGateways.env(name, Map.of("GATEWAY_ROLE", "ingress"))))) {

            assertThat(workers.httpPort()).as("the workers role has no public listener").isEqualTo(-1);
            assertThat(readyChecks(workers).fieldNames()).containsExactlyInAnyOrder("postgres", "kafka", "workers");
            assertThat(readyChecks(ingress).fieldNames()).containsExactlyInAnyOrder("kafka", "webhooks");
            assertThat(IsolatedGateways.get(workers, "/metrics").body()).contains("gateway_worker_");
            assertThat(IsolatedGateways.get(ingress, "/metrics").body())
                    .as("the ingress role runs no worker").doesNotContain("gateway_worker_consumer_lag");

            post(ingress, WorkerPayloads.inbound(messageId, PHONE, "hello", "2026-06-05T10:30:00Z", "Asha"));
            post(ingress, WorkerPayloads.status(messageId, PHONE, "delivered", "2026-06-05T10:31:00Z", null));
            post(ingress, WorkerPayloads.template(template, "en", "REJECTED", "INVALID_FORMAT"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ?", messageId)).isOne();
                assertThat(db.count("SELECT count(*) FROM message_status_events WHERE message_id = ? "
                        + "AND status = 'delivered'", messageId)).isOne();
                assertThat(db.count("SELECT count(*) FROM template_events WHERE template_name = ? "
                        + "AND status = 'REJECTED'", template)).isOne();
            });
        }
    }

    private static void post(Gateway ingress, byte[] body) {
        assertThat(IsolatedGateways.post(ingress, GatewayStack.WHATS91, body)).isEqualTo(200);
    }

    private static JsonObject readyChecks(Gateway gateway) {
        HttpResponse<String> ready = IsolatedGateways.get(gateway, "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        return new JsonObject(ready.body()).getJsonObject("checks");
    }
}
