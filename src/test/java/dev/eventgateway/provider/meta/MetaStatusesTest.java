package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetaStatusesTest {

    private static final String MESSAGE_ID = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3MzA5RDc1RkM2QUYwMzYyQkEA";

    private static WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "status-sent-cbp.json, message.status.sent, sent",
            "status-sent-callback-data.json, message.status.sent, sent",
            "status-delivered-pmp.json, message.status.delivered, delivered",
            "status-read-free-entry-point.json, message.status.read, read",
            "status-read-free-customer-service.json, message.status.read, read",
            "status-played.json, message.status.played, played",
            "status-failed.json, message.status.failed, failed"
    })
    void mapsEachStatusToItsType(String fixture, String type, String status) {
        WebhookEvent event = only(fixture);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.category()).isEqualTo(EventCategory.MESSAGE_STATUS);
        assertThat(event.dataText("messageId")).isEqualTo(MESSAGE_ID);
        assertThat(event.dataText("recipient")).isEqualTo("16505551234");
        assertThat(event.dataText("status")).isEqualTo(status);
        assertThat(event.senderId()).isEqualTo("106540352242922");
        assertThat(event.businessAccountId()).isEqualTo("102290129340398");
        assertThat(event.raw()).isEqualTo(Fixtures.json("meta/" + fixture)
                .at("/entry/0/changes/0/value/statuses/0"));
    }

    @Test
    void conversationBasedPricingWithConversationAndExpiry() {
        WebhookEvent event = only("status-sent-cbp.json");

        assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1750857384L));
        assertThat(event.data().get("conversation").toString())
                .isEqualTo("{\"id\":\"a75d17ad06104c51166f948319b03c6a\","
                + "\"originType\":\"service\",\"expiresAt\":\"2025-06-26T13:17:00Z\"}");
        assertThat(event.data().get("pricing").toString())
                .isEqualTo("{\"billable\":true,\"model\":\"CBP\",\"category\":\"service\"}");
        assertThat(event.data().has("callbackData")).isFalse();
    }

    @Test
    void perMessagePricingWithoutConversation() {
        WebhookEvent event = only("status-delivered-pmp.json");

        assertThat(event.data().has("conversation")).isFalse();
        assertThat(event.data().get("pricing").toString())
                .isEqualTo("{\"billable\":true,\"model\":\"PMP\",\"type\":\"regular\",\"category\":\"utility\"}");
    }

    @Test
    void freePricingTypesAreKept() {
        JsonNode entryPoint = only("status-read-free-entry-point.json").data();
        assertThat(entryPoint.at("/pricing/type").asText()).isEqualTo("free_entry_point");
        assertThat(entryPoint.at("/pricing/billable").asBoolean(true)).isFalse();
        assertThat(entryPoint.at("/conversation/originType").asText()).isEqualTo("referral_conversion");
        assertThat(entryPoint.at("/conversation").has("expiresAt")).isFalse();

        JsonNode service = only("status-read-free-customer-service.json").data();
        assertThat(service.at("/pricing/type").asText()).isEqualTo("free_customer_service");
        assertThat(service.has("conversation")).isFalse();
    }

    @Test
    void callbackDataTiesTheStatusBackToItsCampaign() {
        WebhookEvent event = only("status-sent-callback-data.json");

        assertThat(event.dataText("callbackData")).isEqualTo("campaign=spring-sale;order=1042");
    }

    @Test
    void failedStatusCarriesItsFirstErrorWithDetails() {
        WebhookEvent event = only("status-failed.json");

        JsonNode error = event.data().get("error");
        assertThat(error.get("code").asText()).isEqualTo("131049");
        assertThat(error.get("title").asText()).startsWith("This message was not delivered");
        assertThat(error.get("message").asText()).startsWith("This message was not delivered");
        assertThat(error.get("details").asText()).startsWith("In order to maintain a healthy ecosystem");
        assertThat(event.data().has("pricing")).isFalse();
    }

    @Test
    void unknownStatusValueGoesUnrouted() {
        WebhookEvent event = only("status-unknown-value.json");

        assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
        assertThat(event.category()).isEqualTo(EventCategory.UNROUTED);
        assertThat(event.dataText("messageId")).isEqualTo(MESSAGE_ID);
        assertThat(event.dataText("providerEvent")).isEqualTo("deleted");
    }

    @Test
    void statusesOfOneMessageHaveDifferentIdsAndRetriesTheSame() {
        String sent = only("status-sent-cbp.json").id();
        String delivered = only("status-delivered-pmp.json").id();
        String read = only("status-read-free-entry-point.json").id();

        assertThat(List.of(sent, delivered, read)).doesNotHaveDuplicates();
        assertThat(only("status-sent-cbp.json").id()).isEqualTo(sent);
    }

    @Test
    void messagesChangeWithOnlyErrorsIsOneAccountErrorNamingTheCode() {
        WebhookEvent event = only("messages-errors-only.json");

        assertThat(event.type()).isEqualTo(EventTypes.ACCOUNT_ERROR);
        assertThat(event.category()).isEqualTo(dev.eventgateway.event.EventCategory.ACCOUNT);
        assertThat(event.dataText("field")).isEqualTo("messages");
        assertThat(event.dataText("code")).isEqualTo("131000");
        assertThat(event.data().at("/errors/0/code").asText()).isEqualTo("131000");
        assertThat(event.data().at("/errors/0/details").asText()).startsWith("Message failed to send");
        assertThat(event.senderId()).isEqualTo("106540352242922");
    }

    @Test
    void aRateLimitErrorIsAnAccountErrorWithItsCode() {
        WebhookEvent event = only("messages-rate-limit-errors.json");

        assertThat(event.type()).isEqualTo(EventTypes.ACCOUNT_ERROR);
        assertThat(event.dataText("code")).isEqualTo("130429");
        assertThat(event.dataText("title")).isEqualTo("Rate limit hit");
    }

    @Test
    void aStatusWithTheNumberWithheldNamesTheRecipientByBsuid() {
        WebhookEvent event = only("status-recipient-user-id.json");

        assertThat(event.type()).isEqualTo("message.status.delivered");
        assertThat(event.data().has("recipient")).as("recipient_id was empty").isFalse();
        assertThat(event.dataText("userId")).isEqualTo("US.13491208655302741918");
        assertThat(event.dataText("username")).isEqualTo("@pablo.morales");
    }

    @Test
    void aGroupReceiptNamesTheGroupAndTheParticipant() {
        WebhookEvent event = only("status-group-read.json");

        assertThat(event.type()).isEqualTo("message.status.read");
        assertThat(event.dataText("groupId")).isEqualTo("120363025486748309@g.us");
        assertThat(event.dataText("participant")).isEqualTo("16505551234");
        assertThat(event.data().has("recipient")).isFalse();
    }
}
