package dev.eventgateway.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits explicit offsets ({@code record offset + 1}) of records that are done — written, or dead-lettered — and
 * nothing else. Never the consumer's no-argument commit, which commits the poll position: records fetched but not
 * yet written would count as done.
 * <p>
 * One commit is in flight at a time; offsets marked meanwhile are merged into the next, so commits batch themselves
 * under load and cost one round trip per record when idle. A failed commit (a rebalance took the partition, the
 * broker is away) is logged and not retried: the records are redelivered and applied idempotently. Not thread-safe;
 * used on its worker's context.
 */
final class OffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    private final KafkaConsumer<?, ?> consumer;
    private final String worker;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final List<Promise<Void>> drained = new ArrayList<>();
    private boolean committing;

    OffsetCommitter(KafkaConsumer<?, ?> consumer, String worker) {
        this.consumer = consumer;
        this.worker = worker;
    }

    /** The record is done: its offset + 1 is committed soon. */
    void markDone(KafkaConsumerRecord<?, ?> record) {
        put(record);
        if (!committing) {
            flush();
        }
    }

    /**
     * The records are done: each partition's last offset + 1 is committed soon, in one commit (so, as for a single
     * record, every record before them in their partitions must be done too). Within a partition they are in offset
     * order.
     */
    void markDone(List<? extends KafkaConsumerRecord<?, ?>> records) {
        records.forEach(this::put);
        if (!committing) {
            flush();
        }
    }

    private void put(KafkaConsumerRecord<?, ?> record) {
        pending.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, null));
    }

    /** Completes once every offset marked so far was committed (or its commit failed). Never fails. */
    Future<Void> drain() {
        if (!committing && pending.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        drained.add(promise);
        return promise.future();
    }

    private void flush() {
        if (pending.isEmpty()) {
            committing = false;
            drained.forEach(Promise::tryComplete);
            drained.clear();
            return;
        }
        committing = true;
        Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>(pending);
        pending.clear();
        consumer.commit(batch).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("offset commit failed; the records will be redelivered and applied idempotently "
                        + "[worker: {}, offsets: {}, cause: {}]", worker, describe(batch), done.cause().toString());
            }
            flush();
        });
    }

    private static String describe(Map<TopicPartition, OffsetAndMetadata> batch) {
        StringBuilder out = new StringBuilder();
        batch.forEach((tp, offset) -> out.append(out.length() == 0 ? "" : ", ").append(tp.getTopic()).append('/')
                .append(tp.getPartition()).append('@').append(offset.getOffset()));
        return out.toString();
    }
}
