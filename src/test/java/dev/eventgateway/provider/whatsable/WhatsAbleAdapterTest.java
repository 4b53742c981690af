package dev.eventgateway.provider.whatsable;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventgateway.event.EventIds;
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

class WhatsAbleAdapterTest {

    private final Webhook webhook = Fixtures.whatsable();

    private WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(webhook, "whatsable/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private List<WebhookEvent> normalize(String json) {
        return Fixtures.normalize(webhook, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainHexSignatureAndCrmToken() {
        WhatsAbleAdapter adapter = new WhatsAbleAdapter();

        assertThat(adapter.name()).isEqualTo("whatsable");
        assertThat(adapter.auth()).isEqualTo(new AuthScheme("X-Webhook-Signature", "",
                AuthScheme.TokenPlacement.CRM_HEADER,
                AuthScheme.Credentials.EITHER_SECRET_ON_REQUEST));
    }

    @Test
    void incomingMessage() {
        WebhookEvent event = only("incoming-message.json");

        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.provider()).isEqualTo("whatsable");
        assertThat(event.senderId()).isEqualTo(Fixtures.senderId("whatsable"));
        assertThat(event.businessAccountId()).isNull();
        assertThat(event.dataText("from")).isEqualTo("8801734363287");
        assertThat(event.dataText("contactName")).isEqualTo("John Doe");
        assertThat(event.dataText("messageType")).isEqualTo("text");
        assertThat(event.dataText("text")).isEqualTo("Hello!");
        assertThat(event.data().at("/media/url").asText())
                .isEqualTo("https://api.insightssystem.com/vault/attachment.jpg");
        assertThat(event.data().at("/lastMessages/0/content").asText()).isEqualTo("Hello!");
        assertThat(event.data().has("lastMessagesTruncated")).isFalse();
        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1234567890L));
        assertThat(event.raw()).isEqualTo(Fixtures.json("whatsable/incoming-message.json"));
    }

    @Test
    void messageIdIsAStableHashOfTheFieldsThatIdentifyTheMessage() {
        WebhookEvent event = only("incoming-message.json");

        assertThat(event.dataText("messageId")).isEqualTo("wa_" + EventIds.hash("8801734363287", "1234567890",
                "Hello!", "6fb11ff2-d9b2-4560-8437-0fe58ec9f4a6"));
        assertThat(only("incoming-message.json").id()).isEqualTo(event.id());
        assertThat(only("incoming-message-broken-history.json").dataText("messageId"))
                .isNotEqualTo(event.dataText("messageId"));
    }

    @Test
    void aRetryWithAnotherHistoryOrBotReplyIsTheSameMessage() {
        String retry = "{\"event\":\"incoming_message\",\"data\":{\"phone_number\":\"8801734363287\","
                + "\"user_id\":\"6fb11ff2-d9b2-4560-8437-0fe58ec9f4a6\",\"last_message_of_user\":\"Hello!\","
                + "\"message_type\":\"text\",\"user_timestamp\":1234567890,\"last_message_of_bot\":\"Anything else?\","
                + "\"bot_timestamp\":1234567999,\"last_messages\":\"[]\"}}";

        assertThat(normalize(retry).get(0).id()).isEqualTo(only("incoming-message.json").id());
    }

    @Test
    void brokenHistoryKeepsWhatParsedAndIsNotRefused() {
        WebhookEvent event = only("incoming-message-broken-history.json");

        assertThat(event.type()).isEqualTo("message.inbound.image");
        assertThat(event.dataText("text")).isEqualTo("Here is the receipt");
        assertThat(event.data().get("lastMessages")).hasSize(2);
        assertThat(event.data().at("/lastMessages/1/content").asText()).isEqualTo("Here is the receipt");
        assertThat(event.data().get("lastMessagesTruncated").asBoolean()).isTrue();
        assertThat(event.data().at("/media/url").asText()).endsWith("receipt-7781.jpg");
    }

    @Test
    void unknownMessageTypeIsUnsupportedAndUnreadableHistoryIsFlagged() {
        WebhookEvent event = only("incoming-message-voice.json");

        assertThat(event.type()).isEqualTo("message.inbound.unsupported");
        assertThat(event.dataText("messageType")).isEqualTo("voice_note");
        assertThat(event.data().has("text")).isFalse();
        assertThat(event.data().has("lastMessages")).isFalse();
        assertThat(event.data().get("lastMessagesTruncated").asBoolean()).isTrue();
        assertThat(event.data().at("/media/url").asText()).endsWith("voice-1.ogg");
    }

    @Test
    void textFallsBackToTheNewestCustomerLineOfTheHistory() {
        // last_messages as WhatsAble sends it: a JSON array inside a JSON string
        String history = "[{\"type\":\"user\",\"content\":\"a\"},{\"type\":\"user\",\"content\":\"b\"},"
                + "{\"type\":\"bot\",\"content\":\"c\"}]";
        WebhookEvent event = normalize("{\"event\":\"incoming_message\",\"data\":{\"phone_number\":\"1\","
                + "\"message_type\":\"text\",\"last_messages\":" + TextNode.valueOf(history) + "}}").get(0);

        assertThat(event.dataText("text")).isEqualTo("b");
        assertThat(event.data().has("media")).isFalse();
    }

    @Test
    void historyAlreadyAnArrayIsAccepted() {
        WebhookEvent event = normalize("{\"event\":\"incoming_message\",\"data\":{\"phone_number\":\"1\","
                + "\"last_messages\":[{\"type\":\"user\",\"content\":\"hey\"}]}}").get(0);

        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.dataText("text")).isEqualTo("hey");
        assertThat(event.data().get("lastMessages")).hasSize(1);
    }

    @Test
    void messageStatus() {
        WebhookEvent event = only("message-status.json");

        assertThat(event.type()).isEqualTo("message.status.delivered");
        assertThat(event.dataText("messageId")).isEqualTo("wamid.123456789");
        assertThat(event.dataText("status")).isEqualTo("delivered");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2024-03-23T21:41:44.477Z"));
        assertThat(only("message-status-read.json").type()).isEqualTo("message.status.read");
        assertThat(only("message-status-read.json").id()).isNotEqualTo(event.id());
        assertThat(only("message-status.json").id()).isEqualTo(event.id());
    }

    @Test
    void unknownStatusAndUnknownEventGoUnrouted() {
        WebhookEvent status = only("message-status-unknown.json");
        assertThat(status.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(status.dataText("providerEvent")).isEqualTo("queued");

        WebhookEvent event = only("unknown-event.json");
        assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(event.dataText("providerEvent")).isEqualTo("contact_updated");
        assertThat(event.raw()).isEqualTo(Fixtures.json("whatsable/unknown-event.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "{\"data\":{}}"})
    void refusesWhatIsNotAWhatsAbleEnvelope(String json) {
        assertThatThrownBy(() -> normalize(json)).isInstanceOf(InvalidPayloadException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"incoming_message\"}|missing object payload.data",
            "{\"event\":\"incoming_message\",\"data\":\"x\"}|missing object payload.data",
            "{\"event\":\"incoming_message\",\"data\":{\"last_message_of_user\":\"no phone\"}}"
                    + "|missing data.phone_number",
            "{\"event\":\"message_status\",\"data\":{\"status\":\"read\"}}|missing data.message_id"
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
