package dev.eventgateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The event record as bytes: plain UTF-8, never longer per string than the provider's JSON had it. */
class WebhookEventJsonTest {

    private static WebhookEvent event(ObjectNode data, JsonNode raw) {
        return new WebhookEvent("evt_1", "message.inbound.text", "whats91", "wh_1", "916268662275", null,
                Instant.parse("2026-06-05T10:30:00Z"), Instant.parse("2026-06-05T10:30:00.412Z"), data, raw);
    }

    @Test
    void emojiAreWrittenAsTheirFourUtf8BytesNotAsEscapedSurrogates() throws Exception {
        String text = "😀".repeat(45_000);
        JsonNode raw = EventJson.MAPPER.readTree(("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
        ObjectNode data = EventJson.MAPPER.createObjectNode().put("text", text);

        byte[] record = event(data, raw).toJsonBytes();

        // the text twice (data and raw) at 4 bytes each, plus the envelope; escaped it would be 12 bytes each
        assertThat(record.length).isBetween(2 * 4 * 45_000, 2 * 4 * 45_000 + 512);
        assertThat(new String(record, StandardCharsets.UTF_8)).doesNotContain("\\u").contains("😀😀");
        assertThat(WebhookEvent.fromJson(record).dataText("text")).isEqualTo(text);
    }

    @Test
    void escapedInputIsWrittenNoLongerThanItCame() throws Exception {
        String json = "{\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\"\\n\"}";
        JsonNode raw = EventJson.MAPPER.readTree(json);

        byte[] written = EventJson.MAPPER.writeValueAsBytes(raw);

        assertThat(written.length).isLessThanOrEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
        assertThat(EventJson.MAPPER.readTree(written)).isEqualTo(raw);
    }

    @Test
    void aLoneSurrogateStaysEscapedAndIsNotPairedWithTheNextCharacter() throws Exception {
        JsonNode raw = EventJson.MAPPER.readTree("{\"text\":\"\\ud83dx\",\"two\":\"\\ud83d\\ud83d\"}");

        String written = new String(EventJson.MAPPER.writeValueAsBytes(raw), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo("{\"text\":\"\\uD83Dx\",\"two\":\"\\uD83D\\uD83D\"}");
        assertThat(EventJson.MAPPER.readTree(written)).isEqualTo(raw);
    }
}
