package dev.eventgateway.provider.whats91;

import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Whats91AdapterTest {

    private final Webhook webhook = Fixtures.whats91();

    private WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(webhook, "whats91/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private List<WebhookEvent> normalize(String json) {
        return Fixtures.normalize(webhook, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainHexSignatureAndCrmToken() {
        assertThat(new Whats91Adapter().auth()).isEqualTo(new AuthScheme("X-Whats91-Signature", "",
                AuthScheme.TokenPlacement.CRM_HEADER, AuthScheme.Credentials.EITHER));
    }

    @Test
    void inboundText() {
        WebhookEvent event = only("text-inbound.json");

        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.provider()).isEqualTo("whats91");
        assertThat(event.senderId()).isEqualTo("916268662275");
        assertThat(event.dataText("messageId")).isEqualTo("wamid.HBgMOTE5ODg4ODg4ODg4FQIAEhgg");
        assertThat(event.dataText("from")).isEqualTo("919888888888");
        assertThat(event.dataText("text")).isEqualTo("I need help with my order");
        assertThat(event.dataText("messageType")).isEqualTo("text");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-06-05T10:30:00Z"));
        assertThat(event.raw()).isEqualTo(Fixtures.json("whats91/text-inbound.json"));
    }

    @Test
    void deliveredAndFailedStatuses() {
        WebhookEvent delivered = only("status-delivered.json");
        assertThat(delivered.type()).isEqualTo("message.status.delivered");
        assertThat(delivered.dataText("recipient")).isEqualTo("919888888888");
        assertThat(delivered.dataText("status")).isEqualTo("delivered");

        WebhookEvent failed = only("status-failed.json");
        assertThat(failed.type()).isEqualTo("message.status.failed");
        assertThat(failed.data().get("error").toString())
                .isEqualTo("{\"code\":\"131026\",\"message\":\"Message undeliverable\"}");
        assertThat(failed.id()).isNotEqualTo(delivered.id());
    }

    @Test
    void templateStatus() {
        WebhookEvent event = only("template-status.json");

        assertThat(event.type()).isEqualTo(EventTypes.TEMPLATE_STATUS);
        assertThat(event.data().toString()).isEqualTo("{\"templateName\":\"payment_reminder_v1\","
                + "\"language\":\"en\",\"category\":\"UTILITY\",\"status\":\"APPROVED\"}");
    }

    @Test
    void unknownEventGoesUnroutedEvenWithoutData() {
        WebhookEvent event = only("unknown-event.json");
        assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(event.dataText("providerEvent")).isEqualTo("contact.blocked");

        WebhookEvent bare = normalize("{\"event\":\"contact.deleted\"}").get(0);
        assertThat(bare.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(bare.occurredAt()).isEqualTo(Fixtures.RECEIVED_AT);

        assertThat(normalize("{\"event\":\"message.status.deleted\",\"data\":{\"messageId\":\"m\"}}").get(0).type())
                .isEqualTo(EventTypes.UNKNOWN);
    }

    @Test
    void unknownInboundKindStillReachesTheInbox() {
        WebhookEvent event = only("inbound-unknown-kind.json");

        assertThat(event.type()).isEqualTo("message.inbound.unsupported");
        assertThat(event.dataText("messageType")).isEqualTo("poll");
        assertThat(event.dataText("from")).isEqualTo("919888888888");
    }

    @Test
    void optionalPartsOfAnotherShapeAreSkipped() {
        WebhookEvent event = normalize("{\"event\":\"message.inbound.image\",\"data\":{\"from\":\"1\","
                + "\"messageId\":\"m\",\"media\":\"not-an-object\",\"location\":{\"latitude\":1.5}}}").get(0);

        assertThat(event.data().has("media")).isFalse();
        assertThat(event.data().at("/location/latitude").asDouble()).isEqualTo(1.5);
    }

    @Test
    void idsAreStableAndDistinct() {
        List<String> fixtures = List.of("text-inbound.json", "status-delivered.json", "status-failed.json",
                "template-status.json", "unknown-event.json", "inbound-unknown-kind.json");
        List<String> ids = fixtures.stream().map(f -> only(f).id()).toList();

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(fixtures.stream().map(f -> only(f).id()).toList()).isEqualTo(ids);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "{\"data\":{}}"})
    void refusesWhatIsNotAWhats91Envelope(String json) {
        assertThatThrownBy(() -> normalize(json)).isInstanceOf(InvalidPayloadException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"message.inbound.text\"}|missing object payload.data",
            "{\"event\":\"message.inbound.text\",\"data\":{\"from\":\"1\"}}|missing data.messageId",
            "{\"event\":\"message.status.read\",\"data\":{\"status\":\"read\"}}|missing data.messageId",
            "{\"event\":\"template.status_update\",\"data\":{\"status\":\"APPROVED\"}}|missing data.templateName"
    })
    void aKnownEventWithOddDataIsUnroutedWithItsReason(String jsonAndReason) {
        String json = jsonAndReason.substring(0, jsonAndReason.indexOf('|'));

        List<WebhookEvent> events = normalize(json);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
            assertThat(event.dataText("reason")).isEqualTo(jsonAndReason.substring(jsonAndReason.indexOf('|') + 1));
            assertThat(event.raw()).isEqualTo(Fixtures.parse(json.getBytes(StandardCharsets.UTF_8)));
        });
    }
}
