package dev.eventgateway.cli;

import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.worker.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dlq}: lists a worker's dead letters with their error headers, and re-enqueues them to their source topic.
 * Blocking Kafka clients: this is a command-line tool, not a verticle.
 */
public final class DlqCommand {

    public static final String HELP = """
            usage: event-gateway dlq list    --worker <crm|timeline|template-ops> [--all] [--limit N]
                   event-gateway dlq requeue --worker <crm|timeline|template-ops> [--limit N] [--dry-run]

            Dead letters are the records a worker gave up on: poison records and records that failed every attempt.
            They are in <topicPrefix><worker>.dlq (e.g. wa.crm.dlq), with the source record's key, value and headers,
            and eg_dlq_* headers saying where the record was, why it failed and the error.

              list      prints each dead letter: its place in the DLQ, its source topic/partition/offset, the reason
                        (poison or exhausted), the attempts, the error, and the event id and type. Only those not
                        re-enqueued yet, unless --all.
              requeue   sends the dead letters not re-enqueued yet back to their source topic (same key, value and
                        headers, plus eg_requeued_from), then records them as done so that a second requeue does not
                        send them again. Fix the cause first; a record that fails again returns to the DLQ.
                        --dry-run lists what would be sent.

            The Kafka address and topic prefix come from the configuration, as for run (config/gateway.yaml,
            GATEWAY_CONFIG, GATEWAY_* variables; in embedded mode the embedded broker's port of a running gateway);
            --bootstrap-servers and --topic-prefix override them. What was re-enqueued is remembered as the offsets of
            the consumer group <workers.consumerGroupPrefix>dlq-<worker>.
            """;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DlqCommand() {
    }

    /** @return the exit code: 0 done, 1 Kafka failed (the reason goes to {@code err}) */
    public static int run(CliArgs args, PrintStream out, PrintStream err) {
        String action = args.positional().isEmpty() ? "" : args.positional().get(0);
        if (!action.equals("list") && !action.equals("requeue")) {
            throw new CliArgs.UsageException("dlq needs an action: list or requeue\n\n" + HELP);
        }
        String worker = args.require("worker");
        if (!Topics.WORKERS.contains(worker)) {
            throw new CliArgs.UsageException("unknown worker: " + worker + " (one of " + Topics.WORKERS + ")");
        }
        int limit = limit(args);
        GatewayConfig config = ConfigLoader.load();
        String bootstrap = args.get("bootstrap-servers", kafkaAddress(config));
        Topics topics = new Topics(args.get("topic-prefix", config.kafka().topicPrefix()));
        // the same kafka.* settings as the gateway (security, SASL, TLS), only the address may be overridden
        Target target = new Target(topics.deadLetters(worker), config.workers().groupId("dlq-" + worker), bootstrap,
                config.kafka().withBootstrapServers(bootstrap));
        try {
            if (action.equals("list")) {
                return list(target, args.has("all"), limit, out);
            }
            return requeue(target, limit, args.has("dry-run"), out);
        } catch (ExecutionException | TimeoutException | KafkaException | IllegalStateException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("dlq " + action + " failed against kafka at " + bootstrap + ": " + cause.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Where the dead letters are and who remembers what was re-enqueued. */
    private record Target(String topic, String group, String bootstrap, KafkaConfig kafka) {
    }

    private static int list(Target target, boolean all, int limit, PrintStream out) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(target)) {
            List<ConsumerRecord<byte[], byte[]>> letters = read(consumer, target.topic(), all, limit);
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                out.println(describe(letter));
            }
            out.println(letters.size() + (all ? " dead letters in " : " dead letters not re-enqueued yet in ")
                    + target.topic());
            return 0;
        }
    }

    private static int requeue(Target target, int limit, boolean dryRun, PrintStream out)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(target);
             KafkaProducer<byte[], byte[]> producer = producer(target.kafka())) {
            List<ConsumerRecord<byte[], byte[]>> letters = read(consumer, target.topic(), false, limit);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            int sent = 0;
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                String source = header(letter, DeadLetterHeaders.SOURCE_TOPIC);
                if (source == null) {
                    out.println("skipped (no source topic header): " + place(letter));
                } else if (dryRun) {
                    out.println("would re-enqueue to " + source + ": " + describe(letter));
                } else {
                    producer.send(new ProducerRecord<>(source, null, letter.key(), letter.value(), requeuedHeaders(
                            letter))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    sent++;
                    out.println("re-enqueued to " + source + ": " + place(letter));
                }
                done.put(new TopicPartition(letter.topic(), letter.partition()),
                        new OffsetAndMetadata(letter.offset() + 1));
            }
            if (!dryRun && !done.isEmpty()) {
                consumer.commitSync(done, TIMEOUT);
            }
            out.println((dryRun ? "would re-enqueue " + letters.size() : "re-enqueued " + sent)
                    + " dead letters from " + target.topic());
            return 0;
        }
    }

    /** The dead letters from the group's progress (or the beginning) to the end as of now, in partition order. */
    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                             boolean all, int limit) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("no topic " + topic + " (has the gateway run with this topic prefix?)");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = all ? Map.of()
                : consumer.committed(new java.util.HashSet<>(partitions), TIMEOUT);
        consumer.seekToBeginning(partitions);
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                consumer.seek(tp, offset.offset());
            }
        });
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (out.size() < limit && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within "
                        + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    out.add(record);
                }
            }
        }
        out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out.size() > limit ? out.subList(0, limit) : out;
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

    private static String describe(ConsumerRecord<byte[], byte[]> letter) {
        return place(letter)
                + "  from " + header(letter, DeadLetterHeaders.SOURCE_TOPIC) + "/"
                + header(letter, DeadLetterHeaders.SOURCE_PARTITION) + "/"
                + header(letter, DeadLetterHeaders.SOURCE_OFFSET)
                + "  reason: " + header(letter, DeadLetterHeaders.REASON)
                + "  attempts: " + header(letter, DeadLetterHeaders.ATTEMPTS)
                + "  failedAt: " + header(letter, DeadLetterHeaders.FAILED_AT)
                + System.lineSeparator() + "  event: " + header(letter, DeadLetterHeaders.EVENT_ID)
                + " (" + header(letter, EventHeaders.CE_TYPE) + ")"
                + System.lineSeparator() + "  error: " + header(letter, DeadLetterHeaders.ERROR);
    }

    private static String place(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int limit(CliArgs args) {
        String text = args.get("limit", "1000");
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new CliArgs.UsageException("--limit must be a positive whole number, got '" + text + "'");
        }
    }

    /** The configured brokers; in embedded mode the embedded broker of a gateway running with this configuration. */
    private static String kafkaAddress(GatewayConfig config) {
        if (!config.kafka().embedded()) {
            return config.kafka().bootstrapServers();
        }
        if (config.embedded().kafkaPort() == 0) {
            throw new CliArgs.UsageException("embedded Kafka runs on a random port here; pass --bootstrap-servers");
        }
        return "127.0.0.1:" + config.embedded().kafkaPort();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Target target) {
        Map<String, Object> props = new HashMap<>(target.kafka().consumerProperties(target.group()));
        props.put("default.api.timeout.ms", Long.toString(TIMEOUT.toMillis()));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaConfig kafka) {
        Map<String, Object> props = new HashMap<>(kafka.producerProperties());
        props.put("max.block.ms", Long.toString(TIMEOUT.toMillis()));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
