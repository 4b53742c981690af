package dev.eventgateway.console;

import dev.eventgateway.Gateway;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways behind one balancer, sharing only Kafka and PostgreSQL: the console of either shows the live traffic
 * and the refused requests the other one took. Gateway A is the test stack's; gateway B runs in the same JVM with
 * meters of its own, behind a trusted proxy.
 */
@GatewayIT
class SharedConsoleIT {

    private static final String FORWARDED_CLIENT = "203.0.113.77";

    @Test
    void theConsoleOfOneGatewayShowsTheTrafficAndTheRefusalsOfAnother(GatewayStack stack) throws Exception {
        try (Gateway b = Gateway.start(GatewayStack.config(stack.servers(), Map.of(
                "GATEWAY_WORKERS_ENABLED", "false",
                "GATEWAY_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1")))) {
            JsonObject created = stack.admin().post("/api/v2/webhooks", new JsonObject()
                    .put("senderId", "916268662275").put("name", "shared console")).data();
            var webhook = new GatewayStack.TestWebhook(created.getString("webhookUid"), "whats91",
                    created.getString("signingSecret"), null);

            // B hears of the webhook by NOTIFY; then three accepted requests and one unsigned one, all to B only
            await().atMost(Duration.ofSeconds(10)).until(() -> b.registry().find(webhook.uid()).isPresent());
            assertThat(post(stack, b, webhook, true).statusCode()).isEqualTo(200);
            assertThat(post(stack, b, webhook, true).statusCode()).isEqualTo(200);
            assertThat(post(stack, b, webhook, true).statusCode()).isEqualTo(200);
            assertThat(post(stack, b, webhook, false).statusCode()).isEqualTo(401);
            // A itself never saw the webhook's traffic: its series of the webhook are the refusal counters at zero
            assertThat(stack.get("/metrics").body().lines().filter(line -> line.contains(webhook.uid())))
                    .allMatch(line -> line.startsWith("gateway_ingress_refused_total{") && line.endsWith(" 0.0"));

            ConsoleClient consoleA = ConsoleClient.signIn(stack, stack.uri(""));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonObject traffic = consoleA.get("/console/api/traffic?limit=100").getJsonObject("data");
                JsonObject row = find(traffic.getJsonArray("webhooks"), webhook.uid());
                assertThat(row).as("A's traffic view names B's webhook").isNotNull();
                assertThat(row.getString("provider")).isEqualTo("whats91");
                assertThat(row.getLong("requests")).isEqualTo(4);
                assertThat(row.getJsonObject("perSecond").getDouble("accepted")).isEqualTo(0.05); // 3 in 60 s
                assertThat(row.getJsonObject("perSecond").getDouble("unauthorized")).isGreaterThan(0);
                assertThat(traffic.getJsonObject("publishLatency")).isNotEmpty();
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonArray refused = consoleA.get("/console/api/refused?webhookUid=" + webhook.uid())
                        .getJsonArray("data");
                assertThat(refused).hasSize(1);
                JsonObject refusal = refused.getJsonObject(0);
                assertThat(refusal.getString("reason")).isEqualTo("missing signature");
                assertThat(refusal.getInteger("status")).isEqualTo(401);
                // the client B's trusted proxy named, not the proxy's own address
                assertThat(refusal.getString("clientAddress")).isEqualTo(FORWARDED_CLIENT);
            });
        }
    }

    private static HttpResponse<String> post(GatewayStack stack, Gateway gateway, GatewayStack.TestWebhook webhook,
                                             boolean signed) {
        byte[] body = Whats91Payloads.inboundText("wamid.shared-" + UUID.randomUUID(), "919888888888", "hello");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort()
                        + "/webhooks/" + webhook.uid()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", FORWARDED_CLIENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signed) {
            webhook.headers(body).forEach(request::header);
        }
        return stack.send(request.build());
    }

    private static JsonObject find(JsonArray rows, String uid) {
        for (int i = 0; i < rows.size(); i++) {
            if (uid.equals(rows.getJsonObject(i).getString("webhookUid"))) {
                return rows.getJsonObject(i);
            }
        }
        return null;
    }

    /** A signed-in console session on one gateway: its cookie and CSRF token. */
    record ConsoleClient(GatewayStack stack, URI base, String cookie, String csrf) {

        static ConsoleClient signIn(GatewayStack stack, URI base) {
            HttpResponse<String> signedIn = stack.send(HttpRequest.newBuilder(base.resolve("/console/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("token", GatewayStack.ADMIN_TOKEN).encode())).build());
            assertThat(signedIn.statusCode()).isEqualTo(200);
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            String csrf = new JsonObject(signedIn.body()).getJsonObject("data").getString("csrfToken");
            return new ConsoleClient(stack, base, cookie, csrf);
        }

        JsonObject get(String path) {
            HttpResponse<String> answer = stack.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Cookie", cookie).header(ConsoleSessions.CSRF_HEADER, csrf).GET().build());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return new JsonObject(answer.body());
        }
    }
}
