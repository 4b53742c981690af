package dev.eventgateway.bench.check;

import dev.eventgateway.bench.load.Fingerprints;
import dev.eventgateway.bench.load.LongCounts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a phase: reads what the target wrote during it (offsets taken before and after) and counts every
 * acknowledged request body and event id. A 200 means "in Kafka": each must be found at least once; more than once
 * is a duplicate (the gateway is at-least-once with deterministic ids, so a duplicate is allowed but reported).
 * Records found that were never acknowledged (a 503 whose records still landed, which the provider retries) are
 * counted too.
 */
public final class KafkaLossCheck implements AutoCloseable {

    private static final Duration READ_LIMIT = Duration.ofSeconds(120);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param expected acknowledged ids of the phase
     * @param found    ids seen exactly once
     * @param missing  acknowledged, not in Kafka: lost
     * @param duplicated acknowledged and found more than once
     * @param unacknowledged records of the phase whose id got no 200
     */
    public record Count(long expected, long found, long missing, long duplicated, long unacknowledged) {
        public boolean lossless() {
            return missing == 0;
        }
    }

    /** @param bodies requests by body fingerprint; {@code events} by event id, null for the floor */
    public record Result(Count bodies, Count events, long records, double seconds) {
    }

    public KafkaLossCheck(String bootstrap) {
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap,
                "enable.auto.commit", "false",
                "max.poll.records", "5000",
                "fetch.max.bytes", "52428800",
                "client.id", "bench-loss-check"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Current end offsets of every partition of the topics. */
    public Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    public Result check(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, List<String> bodyTopics,
                        LongCounts bodies, List<String> eventTopics, LongCounts events) {
        long started = System.nanoTime();
        long[] unacked = new long[2];
        long records = 0;
        List<TopicPartition> partitions = to.keySet().stream().filter(tp -> to.get(tp) > from.getOrDefault(tp, 0L))
                .toList();
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        List<TopicPartition> open = new ArrayList<>(partitions);
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the phase's records within " + READ_LIMIT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= to.get(tp)) {
                    continue;
                }
                records++;
                if (bodyTopics.contains(record.topic())) {
                    if (!bodies.count(Fingerprints.body(record.value()))) {
                        unacked[0]++;
                    }
                } else if (eventTopics.contains(record.topic()) && events != null) {
                    Header id = record.headers().lastHeader("ce_id");
                    if (id == null || !events.count(Fingerprints.eventId(id.value(), 0))) {
                        unacked[1]++;
                    }
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= to.get(tp));
        }
        consumer.unsubscribe();
        return new Result(count(bodies, unacked[0]), events == null ? null : count(events, unacked[1]), records,
                (System.nanoTime() - started) / 1e9);
    }

    private static Count count(LongCounts counts, long unacknowledged) {
        long[] tally = counts.tally();
        return new Count(counts.size(), tally[1], tally[0], tally[2], unacknowledged);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
