package dev.eventgateway.it;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every provider's signed fixture corpus through the real gateway into real Kafka. */
@GatewayIT
class ProvidersIT {

    /** Fixtures that are not a provider's shape at all. */
    private static final List<String> INVALID = List.of("meta/invalid-object.json");

    @Test
    void everySignedFixtureIsAcceptedAndEachEventLandsInItsTopicWithItsKey(GatewayStack stack) throws Exception {
        Map<String, String> expectedTopic = new HashMap<>();
        Map<String, String> expectedKey = new HashMap<>();
        int requests = 0;
        for (String provider : Fixtures.PROVIDERS) {
            for (String path : Fixtures.list(provider)) {
                if (INVALID.contains(path)) {
                    continue;
                }
                byte[] body = Fixtures.bytes(path);
                var response = stack.postFixture(provider, body);
                assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
                List<WebhookEvent> events = Fixtures.normalize(Fixtures.webhook(provider), body);
                JsonObject answer = new JsonObject(response.body());
                assertThat(answer.getInteger("accepted")).as(path).isEqualTo(events.size());
                for (int i = 0; i < events.size(); i++) {
                    WebhookEvent event = events.get(i);
                    assertThat(answer.getJsonArray("eventIds").getString(i)).as(path).isEqualTo(event.id());
                    expectedTopic.put(event.id(), stack.topic(event.category().topicSuffix()));
                    expectedKey.put(event.id(), expectedKey(event));
                }
                requests++;
            }
        }
        assertThat(requests).isGreaterThan(50);

        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        for (EventCategory category : EventCategory.values()) {
            for (var record : stack.kafka().records(stack.topic(category.topicSuffix()))) {
                found.put(KafkaProbe.header(record, EventHeaders.CE_ID), record);
            }
        }
        expectedTopic.forEach((id, topic) -> {
            assertThat(found).as("event " + id).containsKey(id);
            assertThat(found.get(id).topic()).as("topic of " + id).isEqualTo(topic);
            assertThat(found.get(id).key()).as("key of " + id).isEqualTo(expectedKey.get(id));
        });
    }

    private static String expectedKey(WebhookEvent e) {
        // the customer is the phone number, else the BSUID; a group's messages are keyed by the group
        String group = e.dataText("groupId") == null ? null : e.senderId() + ":group:" + e.dataText("groupId");
        return switch (e.category()) {
            case INBOUND_MESSAGE -> group != null ? group : e.senderId() + ":" + customer(e, "from");
            case MESSAGE_STATUS -> e.dataText("messageId");
            case OUTBOUND_MESSAGE -> group != null ? group : e.senderId() + ":" + customer(e, "to");
            case HISTORY_MESSAGE -> e.senderId() + ":" + customer(e, "phone");
            case CONTACT -> e.senderId() + ":" + customer(e, "waId");
            case CALL -> e.dataText("callId") == null ? e.senderId() : e.senderId() + ":" + e.dataText("callId");
            case GROUP -> e.senderId() + ":" + (e.dataText("groupId") != null ? e.dataText("groupId")
                    : e.dataText("requestId"));
            case TEMPLATE -> e.senderId() + ":" + e.dataText("templateName") + ":" + e.dataText("language");
            case ACCOUNT -> e.senderId();
            case UNROUTED -> e.webhookUid();
        };
    }

    private static String customer(WebhookEvent e, String phoneField) {
        return e.dataText(phoneField) != null ? e.dataText(phoneField) : e.dataText("userId");
    }

    @Test
    void metaBatchBecomesOneRecordPerEventInPayloadOrder(GatewayStack stack) throws Exception {
        byte[] body = Fixtures.bytes("meta/batch.json");
        var response = stack.postFixture("meta", body);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        new JsonObject(response.body()).getJsonArray("eventIds").forEach(id -> ids.add((String) id));
        assertThat(ids).hasSizeGreaterThan(4).doesNotHaveDuplicates();
        List<String> types = new ArrayList<>();
        for (String topic : List.of(stack.topic("messages.inbound"), stack.topic("messages.status"))) {
            for (var record : stack.kafka().records(topic)) {
                if (ids.contains(KafkaProbe.header(record, EventHeaders.CE_ID))) {
                    types.add(WebhookEvent.fromJson(record.value()).type());
                }
            }
        }
        assertThat(types).anyMatch(t -> t.startsWith(EventTypes.INBOUND_PREFIX))
                .anyMatch(t -> t.startsWith(EventTypes.STATUS_PREFIX));
    }

    @Test
    void unknownFieldsAndTypesAreAcceptedAndRoutedNotRejected(GatewayStack stack) throws Exception {
        var unknownField = stack.postFixture("meta", Fixtures.bytes("meta/unknown-field.json"));
        var unknownType = stack.postFixture("meta", Fixtures.bytes("meta/unknown-type-message.json"));
        var unknownProps = stack.postFixture("meta", Fixtures.bytes("meta/unknown-properties.json"));

        assertThat(List.of(unknownField, unknownType, unknownProps)).allMatch(r -> r.statusCode() == 200);
        String unroutedId = new JsonObject(unknownField.body()).getJsonArray("eventIds").getString(0);
        assertThat(stack.kafka().records(stack.topic("events.unrouted")))
                .anyMatch(r -> unroutedId.equals(KafkaProbe.header(r, EventHeaders.CE_ID)));
        String unsupportedId = new JsonObject(unknownType.body()).getJsonArray("eventIds").getString(0);
        ConsumerRecord<String, byte[]> unsupported = stack.kafka().records(stack.topic("messages.inbound")).stream()
                .filter(r -> unsupportedId.equals(KafkaProbe.header(r, EventHeaders.CE_ID))).findFirst().orElseThrow();
        assertThat(KafkaProbe.header(unsupported, EventHeaders.CE_TYPE)).isEqualTo("message.inbound.unsupported");
        // nothing a provider sent is dropped: the raw fragment keeps the fields no normalizer knows
        String propsId = new JsonObject(unknownProps.body()).getJsonArray("eventIds").getString(0);
        ConsumerRecord<String, byte[]> withProps = stack.kafka().records(stack.topic("messages.inbound")).stream()
                .filter(r -> propsId.equals(KafkaProbe.header(r, EventHeaders.CE_ID))).findFirst().orElseThrow();
        String rawBody = new String(Fixtures.bytes("meta/unknown-properties.json"), StandardCharsets.UTF_8);
        JsonObject raw = new JsonObject(new String(withProps.value(), StandardCharsets.UTF_8)).getJsonObject("raw");
        raw.fieldNames().forEach(field -> assertThat(rawBody).contains("\"" + field + "\""));
    }

    @Test
    void bodyOfNoKnownShapeIs400AfterItIsKeptOnRawMarkedInvalid(GatewayStack stack) {
        var response = stack.postFixture("meta", Fixtures.bytes("meta/invalid-object.json"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("error_code")).isEqualTo("INVALID_PAYLOAD");
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(stack.kafka().records(stack.topic("raw")))
                .filteredOn(r -> requestId.equals(KafkaProbe.header(r, EventHeaders.REQUEST_ID)))
                .singleElement().satisfies(raw -> assertThat(KafkaProbe.header(raw, EventHeaders.INVALID))
                        .startsWith("not a meta payload"));
    }

    @Test
    void metaVerificationHandshakeEchoesTheChallengeOnlyForTheRightToken(GatewayStack stack) {
        String path = "/webhooks/" + Fixtures.uid("meta") + "?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=";

        var ok = stack.get(path + Fixtures.verificationToken("meta"));
        var wrong = stack.get(path + "guess");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(wrong.body()).getString("error_code")).isEqualTo("FORBIDDEN");
    }
}
