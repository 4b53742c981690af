package dev.eventgateway.it;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The thin end-to-end path: a signed Whats91 request through the real gateway into real Kafka. */
@GatewayIT
class IngressIT {

    @Test
    void signedWhats91MessageIsInKafkaWhenTheAnswerIs200(GatewayStack stack) throws Exception {
        String messageId = "wamid.it-" + UUID.randomUUID();
        byte[] body = Whats91Payloads.inboundText(messageId, "919888888888", "I need help with my order");

        var response = stack.postSigned(GatewayStack.WHATS91, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getInteger("accepted")).isEqualTo(1);
        String eventId = answer.getJsonArray("eventIds").getString(0);

        // 200 means already in Kafka: read at once, no waiting
        List<ConsumerRecord<String, byte[]>> inbound =
                stack.kafka().recordsContaining(stack.topic("messages.inbound"), messageId);
        assertThat(inbound).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("916268662275:919888888888");
            assertThat(KafkaProbe.header(record, EventHeaders.CE_ID)).isEqualTo(eventId);
            assertThat(KafkaProbe.header(record, EventHeaders.CE_TYPE)).isEqualTo("message.inbound.text");
            assertThat(KafkaProbe.header(record, EventHeaders.CE_SPECVERSION)).isEqualTo("1.0");
            assertThat(KafkaProbe.header(record, EventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            WebhookEvent event = WebhookEvent.fromJson(record.value());
            assertThat(event.id()).isEqualTo(eventId);
            assertThat(event.webhookUid()).isEqualTo(GatewayStack.WHATS91.uid());
            assertThat(event.dataText("text")).isEqualTo("I need help with my order");
        });
        List<ConsumerRecord<String, byte[]>> raw = stack.kafka().recordsContaining(stack.topic("raw"), messageId);
        assertThat(raw).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(body);
            assertThat(record.key()).isEqualTo(GatewayStack.WHATS91.uid());
            assertThat(KafkaProbe.header(record, EventHeaders.HTTP_PREFIX + "x-crm-webhook-token")).isNull();
        });
    }

    @Test
    void wrongSignatureIs401AndNothingIsPublished(GatewayStack stack) {
        String messageId = "wamid.it-" + UUID.randomUUID();
        byte[] body = Whats91Payloads.inboundText(messageId, "919888888888", "forged");
        var forger = new GatewayStack.TestWebhook(GatewayStack.WHATS91.uid(), "whats91", "not-the-secret",
                GatewayStack.WHATS91.token());

        var response = stack.postSigned(forger, body);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(response.body()).getString("error_code")).isEqualTo("UNAUTHORIZED");
        assertThat(stack.kafka().recordsContaining(stack.topic("raw"), messageId)).isEmpty();
        assertThat(stack.kafka().recordsContaining(stack.topic("messages.inbound"), messageId)).isEmpty();
    }

    @Test
    void typesTheWebhookDoesNotSubscribeToGoToUnrouted(GatewayStack stack) {
        String messageId = "wamid.it-" + UUID.randomUUID();

        var response = stack.postSigned(GatewayStack.WHATS91_TEXT_ONLY,
                Whats91Payloads.delivered(messageId, "919888888888"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stack.kafka().recordsContaining(stack.topic("events.unrouted"), messageId)).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo(GatewayStack.WHATS91_TEXT_ONLY.uid()));
        assertThat(stack.kafka().recordsContaining(stack.topic("messages.status"), messageId)).isEmpty();
    }

    @Test
    void providerRetryKeepsTheSameEventId(GatewayStack stack) {
        byte[] body = Whats91Payloads.inboundText("wamid.it-" + UUID.randomUUID(), "919888888888", "hi");

        String first = new JsonObject(stack.postSigned(GatewayStack.WHATS91, body).body())
                .getJsonArray("eventIds").getString(0);
        String second = new JsonObject(stack.postSigned(GatewayStack.WHATS91, body).body())
                .getJsonArray("eventIds").getString(0);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void readinessReportsKafkaAndPostgres(GatewayStack stack) {
        var response = stack.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject checks = new JsonObject(response.body()).getJsonObject("checks");
        assertThat(checks.getString("kafka")).isEqualTo("up");
        assertThat(checks.getString("postgres")).isEqualTo("up");
        assertThat(stack.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsByWebhookAndOutcome(GatewayStack stack) {
        stack.postSigned(GatewayStack.WHATS91, Whats91Payloads.inboundText("wamid.it-" + UUID.randomUUID(),
                "919888888888", "count me"));
        stack.post("/webhooks/" + GatewayStack.WHATS91.uid(), "{}".getBytes(), Map.of());

        var response = stack.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body())
                .contains("gateway_ingress_requests_total{outcome=\"accepted\",provider=\"whats91\",webhook=\"wh_it_whats91\"}")
                .contains("outcome=\"unauthorized\"")
                .contains("gateway_kafka_publish_seconds");
    }

    @Test
    void metricsHealthAndDocumentsAreServedOnTheManagementPortOnly(GatewayStack stack) {
        assertThat(stack.gateway().managementPort()).isNotEqualTo(stack.gateway().httpPort());
        for (String path : new String[]{"/metrics", "/health/live", "/health/ready", "/api/v2/openapi.json"}) {
            // the admin API's token check answers for anything under /api/v2 on the public port
            assertThat(stack.send(HttpRequest.newBuilder(stack.uri(path)).build()).statusCode()).as(path)
                    .isEqualTo(path.startsWith("/api/v2/") ? 401 : 404);
            assertThat(stack.send(HttpRequest.newBuilder(stack.managementUri(path)).build()).statusCode()).as(path)
                    .isEqualTo(200);
        }
        assertThat(stack.send(HttpRequest.newBuilder(stack.managementUri("/webhooks/" + GatewayStack.WHATS91.uid()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build())
                .statusCode()).isEqualTo(404);
    }
}
