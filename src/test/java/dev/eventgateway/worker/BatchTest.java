package dev.eventgateway.worker;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.worker.crm.CrmProcessor;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.sqlclient.SqlConnection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchTest {

    private static final Instant AT = Instant.parse("2026-06-05T10:00:00Z");

    private static KafkaConsumerRecord<Buffer, Buffer> record(int partition, long offset, byte[] value) {
        return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>("wa.messages.inbound", partition, offset, 0L,
                TimestampType.CREATE_TIME, 0, 0, Buffer.buffer("k"), Buffer.buffer(value), new RecordHeaders(),
                Optional.empty()));
    }

    private static byte[] inbound(String id) {
        return WorkerPayloads.inboundEvent("evt_" + id, "wamid." + id, "919800000000", AT).toJsonBytes();
    }

    @Test
    void keepsTheOrderAndSetsThePoisonRecordsApartFromTheOnesToWrite() {
        WebhookEvent noFrom = WorkerPayloads.inboundEvent("evt_nofrom", "wamid.nofrom", "919800000000", AT);
        noFrom = new WebhookEvent(noFrom.id(), noFrom.type(), noFrom.provider(), noFrom.webhookUid(),
                noFrom.senderId(), null, noFrom.occurredAt(), noFrom.receivedAt(),
                noFrom.data().deepCopy().without("from"), null);
        List<KafkaConsumerRecord<Buffer, Buffer>> records = List.of(record(0, 10, inbound("a")),
                record(0, 11, "not json".getBytes()), record(0, 12, inbound("b")), record(1, 3, noFrom.toJsonBytes()),
                record(1, 4, inbound("c")));

        Batch<CrmProcessor.Change> batch = Batch.of(records, new CrmProcessor(), webhookUid -> 7);

        assertThat(batch.items()).extracting(item -> item.record().offset()).containsExactly(10L, 11L, 12L, 3L, 4L);
        assertThat(batch.items()).extracting(Batch.Item::poisoned).containsExactly(false, true, false, true, false);
        assertThat(batch.writable()).extracting(item -> item.value().message().messageId())
                .containsExactly("wamid.a", "wamid.b", "wamid.c");
        assertThat(batch.writable()).extracting(Batch.Item::maxAttempts).containsOnly(7);
        Batch.Item<CrmProcessor.Change> notJson = batch.items().get(1);
        assertThat(notJson.eventId()).as("not readable as an event").isNull();
        assertThat(notJson.poison()).hasMessageStartingWith("not a canonical event");
        Batch.Item<CrmProcessor.Change> missingFrom = batch.items().get(3);
        assertThat(missingFrom.eventId()).isEqualTo("evt_nofrom");
        assertThat(missingFrom.poison()).hasMessageContaining("has neither data.from nor data.userId");
        assertThat(batch.describe()).isEqualTo("wa.messages.inbound/0@10-12, wa.messages.inbound/1@3-4");
    }

    @Test
    void aFailureOtherThanPoisonIsNotSwallowed() {
        RecordProcessor<String> broken = new RecordProcessor<>() {
            @Override
            public String worker() {
                return "crm";
            }

            @Override
            public EventCategory source() {
                return EventCategory.INBOUND_MESSAGE;
            }

            @Override
            public String prepare(WebhookEvent event) {
                throw new IllegalStateException("bug");
            }

            @Override
            public Future<Void> applyAll(SqlConnection tx, List<String> values) {
                return Future.succeededFuture();
            }
        };

        assertThatThrownBy(() -> Batch.of(List.of(record(0, 1, inbound("a"))), broken, webhookUid -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }
}
