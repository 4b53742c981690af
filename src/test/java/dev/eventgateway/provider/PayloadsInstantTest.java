package dev.eventgateway.provider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast reading of provider timestamps must read every text exactly as {@link Instant#parse} does. */
class PayloadsInstantTest {

    @Test
    void readsWhatInstantParseReadsForRandomInstantsAndFractions() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(Payloads.utcSeconds(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15T10:30:00Z", "2024-02-29T23:59:59.5Z", "2024-01-15T10:30:00.123456789Z",
            "2023-02-29T10:30:00Z", "2024-13-01T10:30:00Z", "2024-01-15T24:00:00Z", "2024-01-15T23:59:60Z",
            "2024-01-15T10:30:00z", "2024-01-15T10:30:00", "2024-01-15T10:30:00+01:00", "2024-01-15 10:30:00Z",
            "2024-01-15T10:30:00.Z", "2024-01-15T10:30:00.1234567890Z", "2024-01-15T10:30Z", "+2024-01-15T10:30:00Z",
            "2024-01-15T10:30:00.12a4Z", "٢٠٢٤-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z"})
    void agreesWithInstantParseOnEdgeCases(String text) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("t", text);
        assertThat(Payloads.instant(node, "t")).as(text).isEqualTo(parseOrNull(text));
    }

    @Test
    void readsEpochSecondsAndMilliseconds() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("s", "1705744200").put("ms", "1705744200123");
        assertThat(Payloads.instant(node, "s")).isEqualTo(Instant.ofEpochSecond(1_705_744_200L));
        assertThat(Payloads.instant(node, "ms")).isEqualTo(Instant.ofEpochMilli(1_705_744_200_123L));
    }

    private static Instant parseOrNull(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
