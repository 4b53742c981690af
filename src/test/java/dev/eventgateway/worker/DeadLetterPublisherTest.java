package dev.eventgateway.worker;

import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.kafka.client.producer.KafkaHeader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterPublisherTest {

    private final DeadLetterPublisher publisher = new DeadLetterPublisher(null, "wa.crm.dlq", "crm", Clock.systemUTC());

    private static KafkaConsumerRecord<Buffer, Buffer> record(RecordHeaders headers) {
        return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>("wa.messages.inbound", 2, 41L, 0L,
                TimestampType.CREATE_TIME, 0, 0, Buffer.buffer("k"), Buffer.buffer("v"), headers, Optional.empty()));
    }

    private static Map<String, String> asMap(List<KafkaHeader> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(h -> out.put(h.key(), h.value().toString(StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void keepsTheSourceHeadersAndSaysWhereTheRecordWasAndWhy() {
        RecordHeaders source = new RecordHeaders();
        source.add(new RecordHeader("ce_id", "evt_1".getBytes(StandardCharsets.UTF_8)));

        Instant failedAt = Instant.parse("2026-06-05T10:30:00Z");
        Map<String, String> headers = asMap(publisher.headers(record(source), "evt_1",
                new IllegalStateException("boom"), 3, DeadLetterReason.EXHAUSTED, failedAt));

        assertThat(headers).containsEntry("ce_id", "evt_1")
                .containsEntry(DeadLetterHeaders.WORKER, "crm")
                .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, "wa.messages.inbound")
                .containsEntry(DeadLetterHeaders.SOURCE_PARTITION, "2")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "41")
                .containsEntry(DeadLetterHeaders.REASON, "exhausted")
                .containsEntry(DeadLetterHeaders.ERROR, "IllegalStateException: boom")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "3")
                .containsEntry(DeadLetterHeaders.EVENT_ID, "evt_1")
                .containsEntry(DeadLetterHeaders.FAILED_AT, "2026-06-05T10:30:00Z");
    }

    @Test
    void aRecordDeadLetteredAgainCarriesOnlyTheLatestFailure() {
        RecordHeaders source = new RecordHeaders();
        source.add(new RecordHeader(DeadLetterHeaders.ERROR, "old".getBytes(StandardCharsets.UTF_8)));
        source.add(new RecordHeader(DeadLetterHeaders.REQUEUED_FROM,
                "wa.crm.dlq/0/3".getBytes(StandardCharsets.UTF_8)));

        List<KafkaHeader> headers = publisher.headers(record(source), null, new PoisonRecordException("not JSON"), 0,
                DeadLetterReason.POISON, Instant.now());

        assertThat(headers.stream().filter(h -> h.key().equals(DeadLetterHeaders.ERROR))).singleElement()
                .satisfies(h -> assertThat(h.value().toString()).isEqualTo("PoisonRecordException: not JSON"));
        assertThat(asMap(headers)).containsEntry(DeadLetterHeaders.REQUEUED_FROM, "wa.crm.dlq/0/3")
                .doesNotContainKey(DeadLetterHeaders.EVENT_ID);
    }

    @Test
    void longErrorsAreCut() {
        String error = DeadLetterHeaders.error(new IllegalStateException("x".repeat(5000)));
        assertThat(error).hasSize(DeadLetterHeaders.MAX_ERROR_LENGTH).endsWith("…");
    }
}
