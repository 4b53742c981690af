package dev.eventgateway.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole corpus, provider by provider: every fixture verifies when signed and normalizes to canonical events. */
class FixtureCorpusTest {

    /** Valid JSON that is not the provider's shape, kept for the 400 route tests. */
    private static final List<String> INVALID = List.of("meta/invalid-object.json");

    @ParameterizedTest
    @ValueSource(strings = {"whats91", "meta", "whatsable", "connexease"})
    void everyFixtureVerifiesAndNormalizes(String provider) {
        Webhook webhook = Fixtures.webhook(provider);
        List<String> fixtures = Fixtures.list(provider);
        List<String> ids = new ArrayList<>();

        assertThat(fixtures).isNotEmpty();
        for (String fixture : fixtures) {
            byte[] body = Fixtures.bytes(fixture);
            assertThat(Fixtures.adapter(provider).verify(webhook, Fixtures.headers(webhook, body), body,
                    Fixtures.RECEIVED_AT)).as(fixture).isTrue();
            if (INVALID.contains(fixture)) {
                assertThatThrownBy(() -> Fixtures.normalize(webhook, fixture))
                        .isInstanceOf(InvalidPayloadException.class);
                continue;
            }
            List<WebhookEvent> events = Fixtures.normalize(webhook, fixture);
            assertThat(events).as(fixture).isNotEmpty().allSatisfy(event -> {
                assertThat(EventTypes.isKnown(event.type()) || EventTypes.UNKNOWN.equals(event.type())).isTrue();
                assertThat(event.provider()).isEqualTo(provider);
                assertThat(event.webhookUid()).isEqualTo(webhook.uid());
                assertThat(event.raw()).isNotNull();
                assertThat(new String(event.toJsonBytes(), StandardCharsets.UTF_8)).as("streamed as Jackson writes the record")
                        .isEqualTo(databind(event));
            });
            events.forEach(event -> ids.add(event.id()));
        }
        assertThat(ids).as("one id per distinct provider event").doesNotHaveDuplicates();
    }

    private static String databind(WebhookEvent event) {
        try {
            return new String(EventJson.MAPPER.writeValueAsBytes(event), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
