package dev.eventgateway.worker.timeline;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.timeline.StatusEvent;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.worker.PoisonRecordException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineProcessorTest {

    private final TimelineProcessor processor = new TimelineProcessor();

    private static WebhookEvent event(String provider, String fixture) {
        return Fixtures.normalize(Fixtures.webhook(provider), fixture).get(0);
    }

    @Test
    void statusesAreRankedSentDeliveredReadPlayedAndFailedLast() {
        assertThat(StatusOrder.rank("sent")).isLessThan(StatusOrder.rank("delivered"));
        assertThat(StatusOrder.rank("delivered")).isLessThan(StatusOrder.rank("read"));
        assertThat(StatusOrder.rank("read")).isLessThan(StatusOrder.rank("played"));
        assertThat(StatusOrder.rank("played")).isLessThan(StatusOrder.rank("failed"));
        assertThat(StatusOrder.rank("deleted")).isZero();
    }

    @Test
    void aFailureKeepsItsError() {
        StatusEvent failed = processor.prepare(event("meta", "meta/status-failed.json"));

        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.rank()).isEqualTo(5);
        assertThat(failed.error()).isNotNull();
        assertThat(failed.error().get("code").asText()).isNotBlank();
    }

    @Test
    void callbackDataAndPricingAreKept() {
        StatusEvent sent = processor.prepare(event("meta", "meta/status-sent-callback-data.json"));
        assertThat(sent.callbackData()).isNotBlank();

        StatusEvent pmp = processor.prepare(event("meta", "meta/status-delivered-pmp.json"));
        assertThat(pmp.pricing()).isNotNull();
        assertThat(pmp.status()).isEqualTo("delivered");
    }

    @Test
    void aStatusOutsideTheOrderIsPoison() {
        WebhookEvent delivered = event("whats91", "whats91/status-delivered.json");
        WebhookEvent odd = new WebhookEvent(delivered.id(), "message.status.deleted", delivered.provider(),
                delivered.webhookUid(), delivered.senderId(), null, delivered.occurredAt(), delivered.receivedAt(),
                delivered.data().deepCopy().put("status", "deleted"), null);

        assertThatThrownBy(() -> processor.prepare(odd)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("unknown status: deleted");
    }
}
