package dev.eventgateway.provider.meta;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each Meta field of coexistence, calling, contacts, flows, payments and partners, from its reference-shaped fixture. */
class MetaCoexistenceCallsAndContactsTest {

    private static final TopicRouter ROUTER = new TopicRouter(new Topics("wa."));
    private final Webhook webhook = Fixtures.meta();

    private List<WebhookEvent> events(String fixture) {
        return Fixtures.normalize(webhook, "meta/" + fixture);
    }

    private WebhookEvent only(String fixture) {
        List<WebhookEvent> events = events(fixture);
        assertThat(events).as(fixture).hasSize(1);
        return events.get(0);
    }

    private String topic(WebhookEvent event) {
        return ROUTER.topicFor(event, webhook);
    }

    private String key(WebhookEvent event) {
        return ROUTER.keyFor(event, topic(event));
    }

    @ParameterizedTest
    @CsvSource({
            "smb-message-echoes.json, message.outbound.echo.text, wa.messages.outbound",
            "message-echoes-image.json, message.outbound.echo.image, wa.messages.outbound",
            "user-preferences-stop.json, contact.preferences_update, wa.contacts.events",
            "calls-connect.json, call.connect, wa.calls",
            "calls-terminate.json, call.terminate, wa.calls",
            "calls-status-ringing.json, call.status, wa.calls",
            "flows-status-change.json, flow.flow_status_change, wa.account.events",
            "flows-endpoint-error-rate.json, flow.endpoint_error_rate, wa.account.events",
            "template-components-update.json, template.components_update, wa.templates.status",
            "payment-configuration-update.json, account.update, wa.account.events",
            "partner-solutions.json, account.update, wa.account.events",
            "automatic-events.json, account.update, wa.account.events",
            "history-declined.json, account.update, wa.account.events"
    })
    void everyFieldHasItsTypeAndTopic(String fixture, String type, String topic) {
        WebhookEvent event = only(fixture);

        assertThat(event.type()).isEqualTo(type);
        assertThat(EventTypes.isKnown(type)).as("a type a webhook can subscribe to").isTrue();
        assertThat(topic(event)).isEqualTo(topic);
    }

    @Test
    void echoIsWhatTheBusinessSentKeyedByTheCustomerItWentTo() {
        WebhookEvent text = only("smb-message-echoes.json");
        WebhookEvent image = only("message-echoes-image.json");

        assertThat(text.data().toString()).isEqualTo("{\"messageId\":"
                + "\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=\",\"from\":\"15550783881\","
                + "\"to\":\"16505551234\",\"messageType\":\"text\","
                + "\"text\":\"Here's the info you requested! https://www.meta.com/quest/quest-3/\"}");
        assertThat(key(text)).isEqualTo("106540352242922:16505551234");
        assertThat(text.occurredAt()).isEqualTo(Instant.ofEpochSecond(1739321024L));
        assertThat(image.data().at("/media/caption").asText()).isEqualTo("Our new succulent planters");
        assertThat(image.data().at("/media/id").asText()).isEqualTo("1003383421387256");
    }

    @Test
    void historyChunkIsOneEventPerMessageInBothDirectionsWithItsPhaseAndProgress() {
        List<WebhookEvent> events = events("history.json");

        assertThat(events).extracting(WebhookEvent::type).containsExactly("message.history.text",
                "message.history.text", "message.history.media_placeholder");
        assertThat(events).extracting(e -> e.dataText("direction")).containsExactly("inbound", "outbound", "inbound");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.category()).isEqualTo(EventCategory.HISTORY_MESSAGE);
            assertThat(e.dataText("phone")).isEqualTo("16505551234");
            assertThat(e.data().get("phase").asInt()).isZero();
            assertThat(e.data().get("chunkOrder").asInt()).isOne();
            assertThat(e.data().get("progress").asInt()).isEqualTo(55);
            assertThat(key(e)).isEqualTo("106540352242922:16505551234");
        });
        assertThat(events.get(1).dataText("text")).isEqualTo("Yes! We have three left.");
        assertThat(events.get(1).dataText("to")).isEqualTo("16505551234");
        assertThat(events.get(1).dataText("historyStatus")).isEqualTo("DELIVERED");
        assertThat(events.get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1739230955L));
        assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void declinedHistoryIsAnAccountUpdateWithMetasError() {
        WebhookEvent event = only("history-declined.json");

        assertThat(event.dataText("field")).isEqualTo("history");
        assertThat(event.dataText("event")).isEqualTo("2593109");
        assertThat(event.data().at("/errors/0/title").asText()).isEqualTo("History sharing is turned off by the business");
    }

    @Test
    void appStateSyncIsOneContactSyncPerContactKeyedByIt() {
        List<WebhookEvent> events = events("smb-app-state-sync.json");

        assertThat(events).extracting(WebhookEvent::type).containsExactly(EventTypes.CONTACT_SYNC,
                EventTypes.CONTACT_SYNC);
        assertThat(events.get(0).data().toString()).isEqualTo("{\"waId\":\"16505551234\",\"action\":\"add\","
                + "\"fullName\":\"Pablo Morales\",\"firstName\":\"Pablo\"}");
        assertThat(events.get(1).data().toString()).isEqualTo("{\"waId\":\"16505550000\",\"action\":\"remove\"}");
        assertThat(key(events.get(0))).isEqualTo("106540352242922:16505551234");
        assertThat(topic(events.get(1))).isEqualTo("wa.contacts.events");
    }

    @Test
    void userPreferencesSayStopOrResumeForTheCustomer() {
        WebhookEvent stop = only("user-preferences-stop.json");
        WebhookEvent resume = only("user-preferences-resume.json");

        assertThat(stop.data().toString()).isEqualTo("{\"waId\":\"16505551234\",\"category\":\"marketing_messages\","
                + "\"value\":\"stop\",\"detail\":\"User requested to stop marketing messages\","
                + "\"contactName\":\"Sheena Nelson\"}");
        assertThat(resume.dataText("value")).isEqualTo("resume");
        assertThat(key(stop)).isEqualTo("106540352242922:16505551234");
        assertThat(stop.occurredAt()).isEqualTo(Instant.ofEpochSecond(1739321024L));
        assertThat(resume.id()).isNotEqualTo(stop.id());
    }

    @Test
    void callsAreKeyedByTheCallAndKeepWhatMetaSaysOfThem() {
        WebhookEvent connect = only("calls-connect.json");
        WebhookEvent terminate = only("calls-terminate.json");
        WebhookEvent ringing = only("calls-status-ringing.json");

        assertThat(key(connect)).isEqualTo("106540352242922:wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh");
        assertThat(key(terminate)).isEqualTo(key(connect));
        assertThat(connect.dataText("direction")).isEqualTo("USER_INITIATED");
        assertThat(connect.data().at("/session/sdpType").asText()).isEqualTo("offer");
        assertThat(connect.businessAccountId()).isEqualTo("366634483210360");
        assertThat(terminate.dataText("status")).isEqualTo("Completed");
        assertThat(terminate.dataText("startTime")).isEqualTo("2022-12-21T17:47:04Z");
        assertThat(terminate.dataText("endTime")).isEqualTo("2022-12-21T17:49:04Z");
        assertThat(terminate.data().get("duration").asInt()).isEqualTo(120);
        assertThat(terminate.dataText("callbackData")).isEqualTo("TRx334DUDFTI4Mj");
        assertThat(ringing.dataText("status")).isEqualTo("RINGING");
        assertThat(ringing.dataText("recipient")).isEqualTo("12185552828");
    }

    @Test
    void flowsKeepTheirStatusChangeAndThreshold() {
        WebhookEvent change = only("flows-status-change.json");
        WebhookEvent errorRate = only("flows-endpoint-error-rate.json");

        assertThat(change.dataText("flowId")).isEqualTo("1234567890");
        assertThat(change.dataText("oldStatus")).isEqualTo("DRAFT");
        assertThat(change.dataText("newStatus")).isEqualTo("PUBLISHED");
        assertThat(errorRate.data().get("threshold").asInt()).isEqualTo(10);
        assertThat(errorRate.data().at("/value/error_rate").asDouble()).isEqualTo(12.5);
    }

    @Test
    void templateEditKeepsItsComponentsKeyedLikeTheTemplatesOtherEvents() {
        WebhookEvent event = only("template-components-update.json");

        assertThat(event.dataText("templateName")).isEqualTo("order_confirmation");
        assertThat(event.dataText("templateId")).isEqualTo("1315502779341834");
        assertThat(event.dataText("status")).isNull();
        assertThat(event.data().at("/components/header").asText()).isEqualTo("Your order is confirmed!");
        assertThat(event.data().at("/components/buttons/0/url").asText())
                .isEqualTo("https://www.luckyshrub.com/support");
        assertThat(event.data().at("/components/buttons/1/phoneNumber").asText()).isEqualTo("+15550783881");
        assertThat(key(event)).isEqualTo("106540352242922:order_confirmation:en_US");
    }

    @Test
    void paymentPartnerAndAutomaticEventsAreAccountUpdatesWithTheirField() {
        assertThat(only("payment-configuration-update.json").dataText("field"))
                .isEqualTo("payment_configuration_update");
        WebhookEvent partner = only("partner-solutions.json");
        assertThat(partner.dataText("field")).isEqualTo("partner_solutions");
        assertThat(partner.dataText("event")).isEqualTo("SOLUTION_CREATED");
        WebhookEvent purchase = only("automatic-events.json");
        assertThat(purchase.dataText("field")).isEqualTo("automatic_events");
        assertThat(purchase.data().at("/value/automatic_events/0/event_name").asText()).isEqualTo("Purchase");
    }

    @Test
    void inboundMessagesKeepTheirReferralAndContext() {
        WebhookEvent ad = only("text-message-ad-referral.json");
        WebhookEvent forwarded = only("text-message-forwarded-reply.json");

        assertThat(ad.data().at("/referral/source_type").asText()).isEqualTo("ad");
        assertThat(ad.data().at("/referral/ctwa_clid").asText()).startsWith("Aff-n8ZTOD");
        assertThat(forwarded.data().at("/context/forwarded").asBoolean()).isTrue();
        assertThat(forwarded.data().at("/context/frequently_forwarded").asBoolean()).isTrue();
        assertThat(forwarded.dataText("contextMessageId"))
                .isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3MzA5RDc1RkM2QUYwMzYyQkEA");
    }

    @Test
    void statusesKeepEveryErrorAndPmpPricingAsSent() {
        WebhookEvent failed = only("status-failed.json");
        WebhookEvent entryPoint = only("status-read-free-entry-point.json");

        assertThat(failed.data().get("errors")).hasSize(1);
        assertThat(failed.data().at("/errors/0/code").asText()).isEqualTo("131049");
        assertThat(entryPoint.data().get("pricing").toString()).isEqualTo("{\"billable\":false,\"model\":\"PMP\","
                + "\"type\":\"free_entry_point\",\"category\":\"referral_conversion\"}");
    }

    @Test
    void oddItemsOfTheNewFieldsGoUnroutedAndTheRestIsKept() {
        List<WebhookEvent> events = Fixtures.normalize(webhook, ("{\"object\":\"whatsapp_business_account\","
                + "\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"calls\",\"value\":{\"calls\":["
                + "{\"id\":\"wacid.A\",\"event\":\"transfer\"},{\"id\":\"wacid.B\",\"event\":\"connect\"}]}},"
                + "{\"field\":\"user_preferences\",\"value\":{\"user_preferences\":[{\"value\":\"stop\"}]}},"
                + "{\"field\":\"history\",\"value\":{\"history\":[{\"threads\":[{\"id\":\"1\",\"messages\":["
                + "{\"from\":\"1\",\"type\":\"text\"},{\"from\":\"1\",\"id\":\"wamid.H\",\"type\":\"text\"}]}]}]}}"
                + "]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(events).extracting(WebhookEvent::type).containsExactly(EventTypes.UNKNOWN, "call.connect",
                EventTypes.UNKNOWN, EventTypes.UNKNOWN, "message.history.text");
        assertThat(events).extracting(e -> e.dataText("reason")).containsExactly(
                "call event transfer has no canonical type", null, "missing user_preferences.wa_id and user_id",
                "missing history message.id", null);
    }
}
