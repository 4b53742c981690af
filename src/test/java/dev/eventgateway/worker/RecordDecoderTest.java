package dev.eventgateway.worker;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecoderTest {

    private final WebhookEvent inbound = Fixtures.normalize(Fixtures.whats91(), "whats91/text-inbound.json").get(0);

    @Test
    void readsACanonicalEvent() {
        WebhookEvent event = RecordDecoder.decode(Buffer.buffer(inbound.toJsonBytes()), EventCategory.INBOUND_MESSAGE);

        assertThat(event.id()).isEqualTo(inbound.id());
        assertThat(event.data()).isEqualTo(inbound.data());
        assertThat(event.occurredAt()).isEqualTo(inbound.occurredAt());
    }

    @Test
    void anythingElseIsPoison() {
        assertThatThrownBy(() -> RecordDecoder.decode(Buffer.buffer("not json"), EventCategory.INBOUND_MESSAGE))
                .isInstanceOf(PoisonRecordException.class).hasMessageStartingWith("not a canonical event");
        assertThatThrownBy(() -> RecordDecoder.decode(Buffer.buffer("{\"id\":\"evt_1\"}"),
                EventCategory.INBOUND_MESSAGE)).isInstanceOf(PoisonRecordException.class);
        assertThatThrownBy(() -> RecordDecoder.decode(null, EventCategory.INBOUND_MESSAGE))
                .isInstanceOf(PoisonRecordException.class).hasMessage("empty record value");
        assertThatThrownBy(() -> RecordDecoder.decode(Buffer.buffer(), EventCategory.INBOUND_MESSAGE))
                .isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void anEventOfAnotherTopicIsPoison() {
        assertThatThrownBy(() -> RecordDecoder.decode(Buffer.buffer(inbound.toJsonBytes()),
                EventCategory.MESSAGE_STATUS))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("event type message.inbound.text does not belong on the messages.status topic");
    }
}
