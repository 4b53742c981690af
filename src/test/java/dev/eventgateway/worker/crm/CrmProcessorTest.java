package dev.eventgateway.worker.crm;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.crm.InboundMessage;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.worker.PoisonRecordException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

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

        InboundMessage message = processor.prepare(event);

        assertThat(message.messageId()).isEqualTo("wamid.HBgMOTE5ODg4ODg4ODg4FQIAEhgg");
        assertThat(message.eventId()).isEqualTo(event.id());
        assertThat(message.senderId()).isEqualTo("916268662275");
        assertThat(message.phone()).isEqualTo("919888888888");
        assertThat(message.messageType()).isEqualTo("text");
        assertThat(message.text()).isEqualTo("I need help with my order");
        assertThat(message.data()).isEqualTo(event.data());
        assertThat(message.occurredAt()).isEqualTo(Instant.parse("2026-06-05T10:30:00Z"));
        assertThat(message.receivedAt()).isEqualTo(Fixtures.RECEIVED_AT);
    }

    @Test
    void metaMessagesCarryTheContactNameAndAPreview() {
        InboundMessage text = processor.prepare(event("meta", "meta/text-message.json"));
        assertThat(text.contactName()).isNotBlank();
        assertThat(text.senderId()).isEqualTo(Fixtures.senderId("meta"));

        InboundMessage location = processor.prepare(event("meta", "meta/location-message.json"));
        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.text()).isNotBlank();

        InboundMessage reply = processor.prepare(event("meta", "meta/interactive-button-reply.json"));
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
                .hasMessageContaining("has no data.from");
        assertThatThrownBy(() -> processor.prepare(noSender)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("has no senderId");
    }
}
