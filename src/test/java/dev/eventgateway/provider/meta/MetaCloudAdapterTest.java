package dev.eventgateway.provider.meta;

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

class MetaCloudAdapterTest {

    private final MetaCloudAdapter adapter = MetaCloudAdapter.meta();
    private final Webhook webhook = Fixtures.meta();

    private List<WebhookEvent> normalize(String json) {
        return adapter.normalize(webhook, Fixtures.parse(json.getBytes(StandardCharsets.UTF_8)), Fixtures.RECEIVED_AT);
    }

    private static String messagesChange(String value) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                + "{\"field\":\"messages\",\"value\":" + value + "}]}]}";
    }

    @Test
    void signsWithHubSignatureAndKeepsTheTokenForTheHandshake() {
        assertThat(adapter.name()).isEqualTo("meta");
        assertThat(adapter.auth()).isEqualTo(new AuthScheme("X-Hub-Signature-256", "sha256=",
                AuthScheme.TokenPlacement.CHALLENGE_ONLY,
                new AuthScheme.Credentials(true, true, AuthScheme.SecretSource.PROVIDER)));
    }

    @Test
    void batchBecomesOneEventPerMessageAndStatusInPayloadOrder() {
        List<WebhookEvent> events = Fixtures.normalize(webhook, "meta/batch.json");

        assertThat(events).extracting(WebhookEvent::type).containsExactly(
                "message.inbound.text", "message.inbound.image", "message.status.delivered",
                "template.status_update", "message.status.sent", "message.status.read");
        assertThat(events).extracting(e -> e.data().path("messageId").asText(e.dataText("templateName")))
                .containsExactly("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0B01=",
                        "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0B02=", "wamid.BATCH-OUT-1",
                        "batch_tpl", "wamid.BATCH-OUT-2", "wamid.BATCH-OUT-1");
        // each entry and change keeps its own account and number
        assertThat(events).extracting(WebhookEvent::businessAccountId).containsExactly("102290129340398",
                "102290129340398", "102290129340398", "102290129340398", "102290129340399", "102290129340399");
        assertThat(events).extracting(WebhookEvent::senderId).containsExactly("106540352242922",
                "106540352242922", "106540352242922", Fixtures.senderId("meta"), "106540352242999",
                "106540352242999");
        assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
        assertThat(events.get(4).dataText("recipient")).isEqualTo("16505550002");
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1750857490L));
        assertThat(events.get(3).occurredAt()).isEqualTo(Instant.ofEpochSecond(1750857500L));
    }

    @Test
    void twoParsesOfTheSameBytesGiveTheSameEvents() {
        List<WebhookEvent> first = Fixtures.normalize(webhook, "meta/batch.json");
        List<WebhookEvent> second = Fixtures.normalize(webhook, "meta/batch.json");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherWebhookOfTheSameNumberGetsTheSameIds() {
        // ids name the provider event, not the endpoint it came through
        Webhook other = Webhook.builder("wh_meta_other", "meta").senderId(Fixtures.senderId("meta")).build();
        List<String> ids = Fixtures.normalize(webhook, "meta/batch.json").stream().map(WebhookEvent::id).toList();

        assertThat(Fixtures.normalize(other, "meta/batch.json")).extracting(WebhookEvent::id).isEqualTo(ids);
    }

    @Test
    void senderIdFallsBackToTheWebhookWithoutMetadata() {
        List<WebhookEvent> events = normalize(messagesChange(
                "{\"messages\":[{\"from\":\"1\",\"id\":\"wamid.A\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}"));

        assertThat(events.get(0).senderId()).isEqualTo(Fixtures.senderId("meta"));
        assertThat(events.get(0).data().has("contactName")).isFalse();
        // no timestamp and no entry time: the receive time
        assertThat(events.get(0).occurredAt()).isEqualTo(Fixtures.RECEIVED_AT);
    }

    @Test
    void unexpectedOptionalShapesAreSkippedNotRefused() {
        List<WebhookEvent> events = normalize(messagesChange("{\"metadata\":\"oops\",\"contacts\":{\"wa_id\":\"1\"},"
                + "\"messages\":[{\"from\":\"1\",\"id\":\"wamid.A\",\"type\":\"image\",\"image\":\"not-an-object\","
                + "\"context\":[1],\"errors\":\"none\"},"
                + "{\"from\":\"1\",\"id\":\"wamid.B\",\"type\":\"interactive\","
                + "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":\"x\"}},"
                + "{\"from\":\"1\",\"id\":\"wamid.C\",\"type\":\"location\",\"location\":{\"latitude\":{\"a\":1}}}],"
                + "\"statuses\":[{\"id\":\"wamid.D\",\"status\":\"read\",\"conversation\":\"x\",\"pricing\":[],"
                + "\"errors\":{\"code\":1}}]}"));

        assertThat(events).extracting(WebhookEvent::type).containsExactly("message.inbound.image",
                "message.inbound.interactive", "message.inbound.location", "message.status.read");
        assertThat(events.get(0).data().has("media")).isFalse();
        assertThat(events.get(0).data().has("contextMessageId")).isFalse();
        assertThat(events.get(1).data().get("interactive").toString()).isEqualTo("{\"kind\":\"button_reply\"}");
        assertThat(events.get(2).data().has("location")).isFalse();
        assertThat(events.get(3).data().has("conversation")).isFalse();
        assertThat(events.get(3).data().has("error")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "\"whatsapp_business_account\"",
            "{}",
            "{\"object\":\"page\",\"entry\":[]}",
            "{\"object\":\"whatsapp_business_account\"}",
            "{\"object\":\"whatsapp_business_account\",\"entry\":{}}"
    })
    void refusesWhatIsNotAMetaEnvelope(String json) {
        assertThatThrownBy(() -> normalize(json)).isInstanceOf(InvalidPayloadException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"object\":\"whatsapp_business_account\",\"entry\":[1]}|an entry is not a JSON object",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\"}]}|missing array entry.changes",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[\"x\"]}]}"
                    + "|a change is not a JSON object",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{}}]}]}"
                    + "|missing change.field",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                    + "{\"field\":\"messages\"}]}]}|change.value of messages is not a JSON object",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messages\":[{\"id\":\"wamid.A\",\"from\":\"\",\"type\":\"text\"}]}}]}]}"
                    + "|missing message.from and message.from_user_id",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messages\":[{\"from\":\"1\",\"type\":\"text\"}]}}]}]}|missing message.id",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"statuses\":[{\"status\":\"read\"}]}}]}]}|missing status.id",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messages\":[\"wamid.A\"]}}]}]}|a Meta message is a JSON object",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"statuses\":{\"id\":\"wamid.A\"}}}]}]}|messages change without messages or statuses",
            "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{"
                    + "\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\"}}]}]}"
                    + "|missing value.message_template_name"
    })
    void anOddItemInsideTheEnvelopeIsOneUnroutedEventWithItsReason(String jsonAndReason) {
        String json = jsonAndReason.substring(0, jsonAndReason.lastIndexOf('|'));
        String reason = jsonAndReason.substring(jsonAndReason.lastIndexOf('|') + 1);

        List<WebhookEvent> events = normalize(json);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
            assertThat(event.dataText("reason")).isEqualTo(reason);
            assertThat(event.raw()).isNotNull();
            assertThat(event.webhookUid()).isEqualTo(webhook.uid());
        });
    }

    @Test
    void aBatchWithOneOddMessageKeepsTheGoodOnesAndTheOddOneAsItsRaw() {
        List<WebhookEvent> events = normalize(messagesChange("{\"messages\":["
                + "{\"from\":\"1\",\"id\":\"wamid.A\",\"type\":\"text\",\"text\":{\"body\":\"a\"}},"
                + "{\"from\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"no id\"}},"
                + "{\"from\":\"1\",\"id\":\"wamid.C\",\"type\":\"text\",\"text\":{\"body\":\"c\"}}],"
                + "\"statuses\":[7]}"));

        assertThat(events).extracting(WebhookEvent::type).containsExactly("message.inbound.text", EventTypes.UNKNOWN,
                "message.inbound.text", EventTypes.UNKNOWN);
        assertThat(events.get(1).raw().at("/text/body").asText()).isEqualTo("no id");
        assertThat(events.get(1).dataText("providerEvent")).isEqualTo("messages");
        assertThat(events.get(3).dataText("reason")).isEqualTo("a Meta status is a JSON object");
        assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void refusesTheInvalidObjectFixture() {
        assertThatThrownBy(() -> Fixtures.normalize(webhook, "meta/invalid-object.json"))
                .isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void emptyEntryListIsNoEvents() {
        assertThat(normalize("{\"object\":\"whatsapp_business_account\",\"entry\":[]}")).isEmpty();
    }

    @Test
    void unknownFieldMayHaveAnyValue() {
        List<WebhookEvent> events = normalize("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\","
                + "\"changes\":[{\"field\":\"brand_new\",\"value\":\"just text\"},{\"field\":\"other_new\"}]}]}");

        assertThat(events).extracting(WebhookEvent::type).containsExactly(EventTypes.UNKNOWN, EventTypes.UNKNOWN);
        assertThat(events).extracting(e -> e.dataText("providerEvent")).containsExactly("brand_new", "other_new");
        assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
    }
}
