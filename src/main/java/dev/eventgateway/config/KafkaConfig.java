package dev.eventgateway.config;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka: where, which topics, and client properties passed straight through. A null {@code bootstrapServers} means
 * the embedded broker is started and filled in with {@link #withBootstrapServers}.
 *
 * @param maxRecordBytes     the largest record the gateway writes ({@link IngressConfig#maxRecordBytes}): every
 *                           producer's {@code max.request.size}, and with {@link #topicMaxMessageBytes()} what each
 *                           topic must take
 * @param minInsyncReplicas  the topics' {@code min.insync.replicas}: with {@code acks=all} a write, and so a 200,
 *                           stands on at least this many copies; a partition with fewer in-sync replicas refuses
 *                           writes (the request gets 503 and the provider retries)
 */
public record KafkaConfig(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                          Map<String, String> producer, Map<String, String> consumer, int maxRecordBytes,
                          int minInsyncReplicas) {

    /** With the default {@code min.insync.replicas} for the replication factor ({@link #defaultMinInsyncReplicas}). */
    public KafkaConfig(String bootstrapServers, String topicPrefix, int partitions, short replicationFactor,
                       Map<String, String> producer, Map<String, String> consumer, int maxRecordBytes) {
        this(bootstrapServers, topicPrefix, partitions, replicationFactor, producer, consumer, maxRecordBytes,
                defaultMinInsyncReplicas(replicationFactor));
    }

    /** The producer's own default {@code buffer.memory}; kept as the floor. */
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

    public KafkaConfig {
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /**
     * 2 when there are at least three replicas, so that a 200 never stands on the leader alone and one broker may
     * still be down; else 1 (with two replicas, 2 would make every broker outage refuse writes).
     */
    public static int defaultMinInsyncReplicas(int replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }

    /**
     * As the start-up log line shows it: the value of every setting that the Kafka client itself types as a password
     * ({@code sasl.jaas.config}, {@code ssl.key.password}, …), or whose name says it is one, is replaced by
     * {@code [hidden]}.
     */
    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", minInsyncReplicas=" + minInsyncReplicas
                + ", producer=" + redacted(producer, ProducerConfig.configDef())
                + ", consumer=" + redacted(consumer, ConsumerConfig.configDef())
                + ", maxRecordBytes=" + maxRecordBytes + "]";
    }

    private static Map<String, String> redacted(Map<String, String> settings, ConfigDef known) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((name, value) -> out.put(name, isSecret(name, known) ? "[hidden]" : value));
        return out;
    }

    private static boolean isSecret(String name, ConfigDef known) {
        ConfigDef.ConfigKey key = known.configKeys().get(name);
        if (key != null && key.type == ConfigDef.Type.PASSWORD) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
    }

    public boolean embedded() {
        return bootstrapServers == null;
    }

    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(servers, topicPrefix, partitions, replicationFactor, producer, consumer,
                maxRecordBytes, minInsyncReplicas);
    }

    /**
     * The {@code max.message.bytes} every topic needs: the largest record, in a batch of its own, plus what
     * compression can add to a batch that does not compress (a few per mille for lz4; an eighth covers every codec).
     */
    public int topicMaxMessageBytes() {
        return Math.addExact(maxRecordBytes, maxRecordBytes / 8);
    }

    public String topic(String suffix) {
        return topicPrefix + suffix;
    }

    /**
     * Producer properties: our safe defaults first (acks=all, idempotent, bounded blocking and delivery time,
     * a little lingering so concurrent requests share batches, room for the largest record), then the user's
     * pass-through.
     */
    public Map<String, String> producerProperties() {
        Map<String, String> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "acks", "all",
                "enable.idempotence", "true",
                "max.in.flight.requests.per.connection", "5",
                "max.block.ms", "2000",
                "request.timeout.ms", "5000",
                "delivery.timeout.ms", "10000",
                "linger.ms", "1",
                // lz4 allocates a frame (two 64 KB arrays) per batch, and the design's keys make most batches hold
                // one record; yet side by side on a quiet machine uncompressed batches made the gateway slower
                // (everyday mix: 3,007 req/s at 0.331 CPU s per 1,000 events, against 5,690 at 0.161 with lz4), the
                // broker and the network carrying three to four times the bytes. docs/operations.md has the figures
                "compression.type", "lz4"));
        props.put("max.request.size", Integer.toString(maxRecordBytes));
        // a produce request carries one batch per partition: a 1,000-update request's few MB of event records in
        // 16 KB batches would take a hundred round trips per partition, in 128 KB ones about ten
        props.put("batch.size", Integer.toString(128 * 1024));
        // a record larger than the whole buffer is refused outright
        props.put("buffer.memory", Long.toString(Math.max(DEFAULT_BUFFER_MEMORY, 2L * maxRecordBytes)));
        props.putAll(producer);
        return props;
    }

    /**
     * Consumer properties for one worker's group: manual commits, read from the start of a new group, and at most
     * {@code max.poll.records} records per poll — a worker's largest batch, written in one transaction.
     */
    public Map<String, String> consumerProperties(String groupId) {
        Map<String, String> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", groupId,
                "enable.auto.commit", "false",
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed",
                "max.poll.records", "500"));
        props.putAll(consumer);
        return props;
    }

    /**
     * Consumer properties for a tool that reads by assignment and commits nothing itself ({@code replay}): the
     * user's {@code kafka.consumer} pass-through (security, SASL, TLS) on top of the bootstrap servers.
     */
    public Map<String, String> readerProperties() {
        Map<String, String> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "enable.auto.commit", "false"));
        props.putAll(consumer);
        props.remove("group.id");
        return props;
    }

    /** Admin client properties (topic creation, readiness). */
    public Map<String, String> adminProperties() {
        Map<String, String> props = new HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "request.timeout.ms", "5000",
                "default.api.timeout.ms", "10000"));
        producer.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                props.put(k, v);
            }
        });
        return props;
    }
}
