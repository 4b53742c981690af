package dev.eventgateway.worker.crm;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.crm.InboundMessage;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.worker.PoisonRecordException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrmProcessorTest {

    private final CrmProcessor processor = new CrmProcessor();

    private static WebhookEvent event(String provider, String fixture) {
        return Fixtures.normalize(Fixtures.webhook(provider), fixture).get(0);
    }

    @Test
    void keysTheMessageByIdAndTheConversationBySenderAndCustomer() {
        WebhookEvent event = event("whats91", "whats91/text-inbound.json");

        InboundMessage message = processor.prepare(event).message();

        assertThat(message.messageId()).isEqualTo("wamid.HBgMOTE5ODg4ODg4ODg4FQIAEhgg");
        assertThat(message.eventId()).isEqualTo(event.id());
        assertThat(message.senderId()).isEqualTo("916268662275");
        assertThat(message.phone()).isEqualTo("919888888888");
        assertThat(message.messageType()).isEqualTo("text");
        assertThat(message.text()).isEqualTo("I need help with my order");
        assertThat(message.data()).isEqualTo(event.data());
        assertThat(message.occurredAt()).isEqualTo(Instant.parse("2026-06-05T10:30:00Z"));
        assertThat(message.receivedAt()).isEqualTo(Fixtures.RECEIVED_AT);
        assertThat(message.direction()).isEqualTo("inbound");
        assertThat(message.live()).as("a new inbound opens the service window").isTrue();
    }

    @Test
    void echoesAndHistoryAreMessagesOfTheirConversationThatNeverOpenTheWindow() {
        InboundMessage echo = processor.prepare(event("meta", "meta/smb-message-echoes.json")).message();
        List<WebhookEvent> history = Fixtures.normalize(Fixtures.webhook("meta"), "meta/history.json");
        InboundMessage historyIn = processor.prepare(history.get(0)).message();
        InboundMessage historyOut = processor.prepare(history.get(1)).message();

        assertThat(echo.phone()).isEqualTo("16505551234");
        assertThat(echo.direction()).isEqualTo("outbound");
        assertThat(echo.text()).startsWith("Here's the info");
        assertThat(List.of(echo, historyIn, historyOut)).noneMatch(InboundMessage::live);
        assertThat(historyIn.direction()).isEqualTo("inbound");
        assertThat(historyOut.direction()).isEqualTo("outbound");
        assertThat(historyOut.phone()).isEqualTo("16505551234");
        assertThat(historyOut.messageType()).isEqualTo("text");
    }

    @Test
    void contactEventsBecomeTheCustomersMarketingPreferenceOrAddressBookEntry() {
        var stop = processor.prepare(event("meta", "meta/user-preferences-stop.json"));
        var sync = processor.prepare(event("meta", "meta/smb-app-state-sync.json"));

        assertThat(stop.message()).isNull();
        assertThat(stop.contact().waId()).isEqualTo("16505551234");
        assertThat(stop.contact().marketing()).isEqualTo("stop");
        assertThat(stop.contact().addressBookAction()).isNull();
        assertThat(sync.contact().addressBookAction()).isEqualTo("add");
        assertThat(sync.contact().addressBookName()).isEqualTo("Pablo Morales");
        assertThat(sync.contact().marketing()).isNull();
    }

    @Test
    void metaMessagesCarryTheContactNameAndAPreview() {
        InboundMessage text = processor.prepare(event("meta", "meta/text-message.json")).message();
        assertThat(text.contactName()).isNotBlank();
        assertThat(text.senderId()).isEqualTo(Fixtures.senderId("meta"));

        InboundMessage location = processor.prepare(event("meta", "meta/location-message.json")).message();
        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.text()).isNotBlank();

        InboundMessage reply = processor.prepare(event("meta", "meta/interactive-button-reply.json")).message();
        assertThat(reply.text()).isEqualTo(reply.data().get("interactive").get("title").asText());
    }

    @Test
    void anInboundEventWithoutItsKeysIsPoison() {
        WebhookEvent event = event("whats91", "whats91/text-inbound.json");
        WebhookEvent noFrom = new WebhookEvent(event.id(), event.type(), event.provider(), event.webhookUid(),
                event.senderId(), null, event.occurredAt(), event.receivedAt(), event.data().deepCopy().without("from"),
                null);
        WebhookEvent noSender = new WebhookEvent(event.id(), event.type(), event.provider(), event.webhookUid(), null,
                null, event.occurredAt(), event.receivedAt(), event.data(), null);

        assertThatThrownBy(() -> processor.prepare(noFrom)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("has neither data.from nor data.userId");
        assertThatThrownBy(() -> processor.prepare(noSender)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("has no senderId");
    }
}
