package dev.eventgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One depth limit for reading and writing: whatever {@link Payloads#parse} admits becomes events that can be written
 * and read back, and anything deeper is an invalid payload (400), never an event the writer refuses (503 forever).
 */
class PayloadDepthTest {

    private static final int LIMIT = EventJson.MAX_PAYLOAD_DEPTH;

    @Test
    void bodyDeeperThanTheLimitIsAnInvalidPayload() {
        byte[] body = whats91WithExtra(nested(LIMIT - 1)); // root + data + LIMIT-1 arrays = LIMIT + 1 levels

        assertThatThrownBy(() -> Payloads.parse(body)).isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining(Integer.toString(LIMIT));
    }

    @Test
    void bodyAsDeepAsTheLimitBecomesEventsThatAreWrittenAndReadBack() throws Exception {
        JsonNode payload = Payloads.parse(whats91WithExtra(nested(LIMIT - 2)));

        List<WebhookEvent> events = Fixtures.adapter("whats91").normalize(Fixtures.webhook("whats91"), payload,
                Fixtures.RECEIVED_AT);

        assertThat(events).isNotEmpty();
        for (WebhookEvent event : events) {
            assertThat(WebhookEvent.fromJson(event.toJsonBytes()).id()).isEqualTo(event.id());
        }
    }

    @Test
    void jsonTextInsideAPayloadIsHeldToTheSameLimitAndStaysWritable() throws Exception {
        // WhatsAble's last_messages is JSON inside a string; nested to the limit inside a body nested to the limit
        ObjectNode body = (ObjectNode) Fixtures.json("whatsable/incoming-message.json");
        // (the array and the element's object are two of the string's levels)
        String history = "[{\"type\":\"user\",\"content\":\"hi\",\"deep\":" + nested(LIMIT - 2) + "},"
                + "{\"type\":\"user\",\"content\":\"too deep\",\"deep\":" + nested(LIMIT * 2) + "}]";
        ((ObjectNode) body.get("data")).put("last_messages", history);
        JsonNode payload = Payloads.parse(EventJson.MAPPER.writeValueAsBytes(body));

        List<WebhookEvent> events = Fixtures.adapter("whatsable").normalize(Fixtures.webhook("whatsable"), payload,
                Fixtures.RECEIVED_AT);

        assertThat(events).hasSize(1);
        byte[] written = events.get(0).toJsonBytes();
        assertThat(WebhookEvent.fromJson(written).id()).isEqualTo(events.get(0).id());
        assertThat(events.get(0).data().path("lastMessages")).hasSize(1);
        assertThat(events.get(0).data().path("lastMessagesTruncated").asBoolean())
                .as("the too-deep element is left out, as a broken history is").isTrue();
    }

    private static String nested(int arrays) {
        return "[".repeat(arrays) + "]".repeat(arrays);
    }

    private static byte[] whats91WithExtra(String extra) {
        return ("{\"event\":\"message.inbound.text\",\"senderId\":\"916268662275\",\"data\":{\"from\":\"919888888888\","
                + "\"messageId\":\"wamid.deep\",\"text\":\"deep\",\"timestamp\":\"2026-06-05T10:30:00.000Z\","
                + "\"extra\":" + extra + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
