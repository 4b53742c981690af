package dev.eventgateway.cli;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.publish.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code events}: the newest records of a topic, one a line, for a developer who wants to see what the gateway
 * published without installing Kafka's own tools. Reads by assignment (no consumer group, nothing committed), with a
 * blocking consumer: a command-line tool, not a verticle.
 */
@Command(name = "events", header = "print the newest records of a topic (type, key and JSON value, one a line)",
        description = {"Prints the newest --limit records of the topic across its partitions, oldest first, each as "
                + "<topic>/<partition>/<offset> <time> <ce_type> key=<key> <value>: the canonical event's JSON (on "
                + "raw, the provider's request as it came). With --follow it then prints new records as they "
                + "arrive, until Ctrl+C. Reads as a tool, not as a consumer group: nothing is committed.",
            "",
            "The Kafka address and topic prefix come from the configuration, as for run and dlq (config/gateway.yaml, "
                + "GATEWAY_CONFIG, GATEWAY_* variables, kafka.* client settings included; in embedded mode the "
                + "embedded broker's port of a running gateway); --bootstrap-servers overrides the address."})
final class EventsCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, paramLabel = "<topic>",
            description = "messages.inbound, messages.status, templates, raw, … (the configured prefix is added "
                    + "unless the name has it: wa.messages.inbound works too)")
    String topic;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "the newest N records (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--follow", description = "then print new records as they arrive, until Ctrl+C")
    boolean follow;

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,…>",
            description = "the Kafka cluster, instead of the configured one")
    String bootstrapServers;

    private final Supplier<GatewayConfig> config;

    EventsCommand(Supplier<GatewayConfig> config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        if (limit < 0) {
            throw ProviderNames.usage(spec, "--limit must be 0 or more, got '" + limit + "'");
        }
        GatewayConfig cfg = config.get();
        String bootstrap = bootstrapServers != null ? bootstrapServers : KafkaAddress.of(spec, cfg);
        String name = topic.startsWith(cfg.kafka().topicPrefix()) ? topic : cfg.kafka().topic(topic);
        Map<String, Object> props = new HashMap<>(cfg.kafka().withBootstrapServers(bootstrap).readerProperties());
        props.put("isolation.level", "read_committed");
        props.put("allow.auto.create.topics", "false"); // a misspelt topic is reported, never created
        props.put("default.api.timeout.ms", Long.toString(TIMEOUT.toMillis()));
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                spec.commandLine().getErr().println("no topic " + name + " at " + bootstrap);
                return 1;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            newest(consumer, partitions).forEach(r -> out.println(line(r)));
            out.flush();
            while (follow) {
                consumer.poll(Duration.ofSeconds(1)).forEach(r -> out.println(line(r)));
                out.flush();
            }
            return 0;
        } catch (KafkaException e) {
            spec.commandLine().getErr().println("events failed against kafka at " + bootstrap + ": "
                    + e.getMessage());
            return 1;
        }
    }

    /** The newest {@link #limit} records up to the partitions' ends as of now, oldest first; leaves them assigned. */
    private List<ConsumerRecord<byte[], byte[]>> newest(KafkaConsumer<byte[], byte[]> consumer,
                                                         List<TopicPartition> partitions) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        partitions.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit)));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))
                && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        return records.subList(Math.max(0, records.size() - limit), records.size());
    }

    private static String line(ConsumerRecord<byte[], byte[]> r) {
        Header type = r.headers().lastHeader(EventHeaders.CE_TYPE);
        return r.topic() + "/" + r.partition() + "/" + r.offset()
                + " " + Instant.ofEpochMilli(r.timestamp())
                + " " + (type == null ? "-" : new String(type.value(), StandardCharsets.UTF_8))
                + " key=" + (r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                + " " + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
    }
}
