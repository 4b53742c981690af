package dev.eventgateway.worker;

import dev.eventgateway.config.KafkaConfig;

import dev.eventgateway.publish.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker's dead letters: read them with their error headers, and re-enqueue them to their source topic (same key,
 * value and headers, plus {@code eg_requeued_from}). What was re-enqueued is remembered as the committed offsets of a
 * consumer group of its own, so a second re-enqueue does not send the same letters again. Used by the {@code dlq}
 * command and by the console alike.
 * <p>
 * Blocking Kafka clients, a new consumer and producer per call: call it from a command or an executeBlocking, never
 * from an event loop. Kafka failures surface as the clients' exceptions, a missing topic as
 * {@link IllegalStateException}.
 */
public final class DeadLetterQueue {

    /** How long one Kafka call may wait, unless told otherwise: the console's requests. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final String group;
    private final KafkaConfig kafka;
    private final Duration timeout;

    /**
     * @param topic the worker's DLQ topic, e.g. {@code wa.crm.dlq}
     * @param group the consumer group that remembers what was re-enqueued
     * @param kafka the gateway's Kafka settings (brokers, security, SASL, TLS): the clients are built from them
     */
    public DeadLetterQueue(String topic, String group, KafkaConfig kafka) {
        this(topic, group, kafka, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout how long one Kafka call may wait (metadata, offsets, a send): the bound on how long an absent
     *                broker keeps the caller waiting
     */
    public DeadLetterQueue(String topic, String group, KafkaConfig kafka, Duration timeout) {
        this.topic = topic;
        this.group = group;
        this.kafka = kafka;
        this.timeout = timeout;
    }

    public String topic() {
        return topic;
    }

    /** One dead letter as its headers describe it; {@code place} is {@code topic/partition/offset} in the DLQ. */
    public record Letter(String place, int partition, long offset, String sourceTopic, String sourcePartition,
                         String sourceOffset, String reason, String attempts, String failedAt, String eventId,
                         String eventType, String error) {
    }

    /** A slice of the letters not re-enqueued yet, and how many there are in all. */
    public record Pending(List<Letter> letters, long total) {
    }

    /** What one re-enqueue did: each letter sent (or, for a dry run, that would be), and those skipped. */
    public record Requeued(List<String> sent, List<String> skipped) {
    }

    /** The letters from the group's progress (or every one, when {@code all}) to the end as of now, at most limit. */
    public List<Letter> list(boolean all, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return read(consumer, all, 0, limit).stream().map(DeadLetterQueue::letter).toList();
        }
    }

    /** The pending letters after the first {@code skip}, at most {@code limit}, and the count of all pending ones. */
    public Pending pending(int skip, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<Letter> letters = read(consumer, false, skip, limit).stream().map(DeadLetterQueue::letter).toList();
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), timeout);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long total = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata done = committed.get(tp);
                long from = Math.max(begin.get(tp), done == null ? 0 : done.offset());
                total += Math.max(0, end.get(tp) - from);
            }
            return new Pending(letters, total);
        }
    }

    /**
     * Sends up to {@code limit} pending letters back to their source topic and records them as done (not on a dry
     * run). A letter without a source topic header is skipped, and recorded as done too.
     */
    public Requeued requeue(int limit, boolean dryRun)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            List<ConsumerRecord<byte[], byte[]>> records = read(consumer, false, 0, limit);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            List<String> sent = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String source = header(record, DeadLetterHeaders.SOURCE_TOPIC);
                if (source == null) {
                    skipped.add(place(record));
                } else {
                    if (!dryRun) {
                        send(producer, record, source);
                    }
                    sent.add(place(record));
                }
                done.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            if (!dryRun && !done.isEmpty()) {
                consumer.commitSync(done, timeout);
            }
            return new Requeued(sent, skipped);
        }
    }

    /**
     * Sends the one pending letter at this partition and offset back to its source topic. It is recorded as done only
     * when it is the first pending letter of its partition (the group keeps one position per partition); a letter
     * behind it stays listed, and a later re-enqueue of all sends it again, which the idempotent workers absorb.
     *
     * @return the letter sent, or empty when there is no pending letter there or it has no source topic header
     */
    public Optional<Letter> requeueOne(int partition, long offset)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            if (partitions(consumer).stream().noneMatch(tp::equals)) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            OffsetAndMetadata committed = consumer.committed(Set.of(tp), timeout).get(tp);
            long position = committed == null ? consumer.beginningOffsets(List.of(tp), timeout).get(tp)
                    : committed.offset();
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            if (offset < position || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            ConsumerRecord<byte[], byte[]> found = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        found = record;
                        break;
                    }
                }
            }
            if (found == null) {
                throw new IllegalStateException("could not read " + tp + " at " + offset + " within "
                        + timeout.toSeconds() + " s");
            }
            String source = header(found, DeadLetterHeaders.SOURCE_TOPIC);
            if (source == null) {
                return Optional.empty();
            }
            send(producer, found, source);
            if (offset == position) {
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)), timeout);
            }
            return Optional.of(letter(found));
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> letter,
                      String source) throws ExecutionException, InterruptedException, TimeoutException {
        producer.send(new ProducerRecord<>(source, null, letter.key(), letter.value(), requeuedHeaders(letter)))
                .get(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no topic " + topic + " (has the gateway run with this topic prefix?)");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** The letters from the group's progress (or the beginning) to the end as of now, in partition order. */
    private List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, boolean all, int skip,
                                                      int limit) {
        List<TopicPartition> partitions = partitions(consumer);
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = all ? Map.of()
                : consumer.committed(new HashSet<>(partitions), timeout);
        consumer.seekToBeginning(partitions);
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                consumer.seek(tp, offset.offset());
            }
        });
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long wanted = (long) skip + limit;
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        // partition by partition, so that the first `wanted` in partition order are the ones read
        for (TopicPartition tp : partitions) {
            consumer.pause(partitions);
            consumer.resume(List.of(tp));
            while (out.size() < wanted && consumer.position(tp) < end.get(tp)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(tp) && out.size() < wanted) {
                        out.add(record);
                    }
                }
            }
        }
        return out.size() <= skip ? List.of() : out.subList(skip, out.size());
    }

    private static List<Header> requeuedHeaders(ConsumerRecord<byte[], byte[]> letter) {
        List<Header> headers = new ArrayList<>();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)
                    && !header.key().equals(DeadLetterHeaders.REQUEUED_FROM)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(DeadLetterHeaders.REQUEUED_FROM, place(letter).getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        return new Letter(place(record), record.partition(), record.offset(),
                header(record, DeadLetterHeaders.SOURCE_TOPIC), header(record, DeadLetterHeaders.SOURCE_PARTITION),
                header(record, DeadLetterHeaders.SOURCE_OFFSET), header(record, DeadLetterHeaders.REASON),
                header(record, DeadLetterHeaders.ATTEMPTS), header(record, DeadLetterHeaders.FAILED_AT),
                header(record, DeadLetterHeaders.EVENT_ID), header(record, EventHeaders.CE_TYPE),
                header(record, DeadLetterHeaders.ERROR));
    }

    private static String place(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(kafka.consumerProperties(group));
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(kafka.producerProperties());
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("max.block.ms", Long.toString(timeout.toMillis()));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
