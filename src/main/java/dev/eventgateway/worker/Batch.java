package dev.eventgateway.worker;

import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The records of one poll in the order the consumer handed them over (partition by partition, each in offset order),
 * every one decoded and prepared before anything is written: it is either a record to write or poison. Preparing
 * first keeps the poison records, which no transaction can help, out of the transaction the others share. Immutable.
 *
 * @param <T> the event as the worker stores it
 */
final class Batch<T> {

    /**
     * One record of a batch: the event, what is written and how many attempts it gets — or, when it is poison, why it
     * can never be written ({@code event} is then null when the record could not even be read as an event).
     */
    record Item<T>(KafkaConsumerRecord<Buffer, Buffer> record, WebhookEvent event, T value, int maxAttempts,
                   PoisonRecordException poison) {

        boolean poisoned() {
            return poison != null;
        }

        /** The event id, or null when the record could not be read as an event. */
        String eventId() {
            return event == null ? null : event.id();
        }
    }

    private final List<Item<T>> items;
    private final List<Item<T>> writable;

    private Batch(List<Item<T>> items) {
        this.items = List.copyOf(items);
        this.writable = items.stream().filter(item -> !item.poisoned()).toList();
    }

    /**
     * Decodes and prepares every record. A failure other than {@link PoisonRecordException} (a bug) is thrown: the
     * worker halts on it rather than guess.
     *
     * @param maxAttempts the attempts a record of this webhook uid gets ({@link RetryPolicy#maxAttempts})
     */
    static <T> Batch<T> of(List<KafkaConsumerRecord<Buffer, Buffer>> records, RecordProcessor<T> processor,
                           ToIntFunction<String> maxAttempts) {
        List<Item<T>> items = new ArrayList<>(records.size());
        for (KafkaConsumerRecord<Buffer, Buffer> record : records) {
            items.add(prepare(record, processor, maxAttempts));
        }
        return new Batch<>(items);
    }

    private static <T> Item<T> prepare(KafkaConsumerRecord<Buffer, Buffer> record, RecordProcessor<T> processor,
                                       ToIntFunction<String> maxAttempts) {
        WebhookEvent event;
        try {
            event = RecordDecoder.decode(record.value(), processor.sources());
        } catch (PoisonRecordException e) {
            return new Item<>(record, null, null, 0, e);
        }
        try {
            return new Item<>(record, event, processor.prepare(event), maxAttempts.applyAsInt(event.webhookUid()),
                    null);
        } catch (PoisonRecordException e) {
            return new Item<>(record, event, null, 0, e);
        }
    }

    /** Every record, in the order handed over. */
    List<Item<T>> items() {
        return items;
    }

    /** The records that are not poison, in the same order. */
    List<Item<T>> writable() {
        return writable;
    }

    /** Where the records are, for logs: {@code topic/partition@first-last} per partition. */
    String describe() {
        return describe(items.stream().map(Item::record).toList());
    }

    /** Where the records are, for logs: {@code topic/partition@first-last} per partition. */
    static String describe(List<? extends KafkaConsumerRecord<?, ?>> records) {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (KafkaConsumerRecord<?, ?> r : records) {
            ranges.merge(r.topic() + "/" + r.partition(), new long[]{r.offset(), r.offset()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        StringBuilder out = new StringBuilder();
        ranges.forEach((partition, range) -> out.append(out.length() == 0 ? "" : ", ").append(partition).append('@')
                .append(range[0]).append(range[0] == range[1] ? "" : "-" + range[1]));
        return out.toString();
    }
}
