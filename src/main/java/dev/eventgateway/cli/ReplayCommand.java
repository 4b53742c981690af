package dev.eventgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.config.PgConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.crypto.SecretKeyFile;
import dev.eventgateway.embedded.EmbeddedPostgres;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.storage.PgPools;
import dev.eventgateway.storage.webhooks.WebhookStore;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code replay}: re-runs today's normalizer over the verified requests kept on the raw topic for a time range and
 * publishes the resulting events again, with the same topics, keys and headers as ingress. Event ids are
 * deterministic, so events that were right the first time come out identical and consumers dedupe them; what a fixed
 * normalizer now reads differently comes out corrected. The raw topic itself is not written.
 */
@Command(name = "replay", header = "re-run the normalizer over the raw requests of a time range and republish the events",
        description = {"Reads <prefix>raw from --from (inclusive) to --to (exclusive), normalizes every request with "
                + "its webhook's provider and republishes the events. Uses the same configuration as `run` (config "
                + "files and GATEWAY_* variables, kafka.* client settings included) and the webhooks stored in "
                + "PostgreSQL; with no Kafka or PostgreSQL address configured it connects to the embedded servers of "
                + "a running gateway on 127.0.0.1:<embedded.kafkaPort> and <embedded.postgresPort>.",
            "Prints: requests read, events published, requests skipped (unknown webhook, unreadable body)."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<GatewayConfig> configSource;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "<ISO-8601>", converter = InstantOption.class,
            description = "the first receive time to replay, inclusive, e.g. 2026-06-05T10:30:00Z")
    Instant from;

    @Option(names = "--to", paramLabel = "<ISO-8601>", converter = InstantOption.class,
            description = "the receive time to stop at, exclusive (default: now)")
    Instant to;

    @Option(names = "--webhook", paramLabel = "<uid>", description = "only the requests of this webhook")
    String onlyWebhook;

    @Option(names = "--dry-run", description = "counts without publishing")
    boolean dryRun;

    ReplayCommand(Supplier<GatewayConfig> configSource) {
        this.configSource = configSource;
    }

    @Override
    public Integer call() {
        Instant until = to != null ? to : Instant.now();
        GatewayConfig config = configSource.get();
        KafkaConfig kafka = config.kafka().embedded()
                ? config.kafka().withBootstrapServers("127.0.0.1:" + config.embedded().kafkaPort())
                : config.kafka();
        Map<String, Webhook> webhooks = loadWebhooks(config);
        Providers providers = Providers.standard();
        TopicRouter router = new TopicRouter(new Topics(kafka));
        Counts counts = new Counts();

        // the same kafka.* settings as the gateway (security, SASL, TLS): a cluster the gateway reaches, replay reaches
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(new HashMap<String, Object>(
                kafka.readerProperties()), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<String, Object>(
                     kafka.producerProperties()), new StringSerializer(), new ByteArraySerializer())) {
            String rawTopic = router.topics().raw();
            List<TopicPartition> partitions = consumer.partitionsFor(rawTopic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(rawTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> from.toEpochMilli())), TIMEOUT);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp offset = start.get(tp);
                consumer.seek(tp, offset == null ? end.get(tp) : offset.offset());
            }
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || record.timestamp() >= until.toEpochMilli()
                            || onlyWebhook != null && !onlyWebhook.equals(record.key())) {
                        continue;
                    }
                    replayOne(record, webhooks, providers, router, dryRun ? null : producer, counts);
                }
            }
            producer.flush();
        } catch (KafkaException e) {
            throw new IllegalStateException("replay failed against kafka at " + kafka.bootstrapServers() + ": "
                    + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf("requests read: %d, events %s: %d, requests skipped: %d%n",
                counts.requests, dryRun ? "that would be published" : "published", counts.events, counts.skipped);
        return 0;
    }

    /**
     * Every webhook as the running gateways know it: declared and admin-created, from PostgreSQL (the embedded one of
     * a running gateway on 127.0.0.1:<embedded.postgresPort> when no address is configured), secrets decrypted.
     */
    private static Map<String, Webhook> loadWebhooks(GatewayConfig config) {
        PgConfig pg = config.postgres().embedded() ? embeddedPostgres(config) : config.postgres();
        Secret key = config.secretKey() != null ? config.secretKey() : SecretKeyFile.loadOrCreate(config.dataDir());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(PgPools.connectOptions(pg)).using(vertx).build();
            List<Webhook> all = Blocking.await(new WebhookStore(pool, SecretCipher.of(key)).loadAll(), TIMEOUT,
                    "reading the webhooks from PostgreSQL at " + pg.jdbcUrl());
            return all.stream().collect(Collectors.toMap(Webhook::uid, Function.identity()));
        } finally {
            vertx.close();
        }
    }

    /** The embedded PostgreSQL of a gateway running with this data directory, with the password it keeps there. */
    private static PgConfig embeddedPostgres(GatewayConfig config) {
        String password;
        try {
            password = EmbeddedPostgres.password(config.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded PostgreSQL's password in " + config.dataDir()
                    + ": " + e.getMessage(), e);
        }
        if (password == null) {
            throw new IllegalStateException("no " + config.dataDir().resolve(EmbeddedPostgres.PASSWORD_FILE)
                    + ": start the gateway with this data directory (GATEWAY_DATA_DIR) first, or set GATEWAY_POSTGRES_URL");
        }
        return config.postgres().withServer("127.0.0.1", config.embedded().postgresPort(), "postgres", "postgres",
                Secret.ofNullable(password));
    }

    private static void replayOne(ConsumerRecord<String, byte[]> record, Map<String, Webhook> webhooks,
                                  Providers providers, TopicRouter router, KafkaProducer<String, byte[]> producer,
                                  Counts counts) {
        counts.requests++;
        Webhook webhook = webhooks.get(record.key());
        if (webhook == null) {
            counts.skipped++;
            return;
        }
        List<WebhookEvent> events;
        try {
            JsonNode payload = Payloads.parse(record.value());
            events = providers.get(webhook.provider()).normalize(webhook, payload, receivedAt(record));
        } catch (IOException | InvalidPayloadException e) {
            counts.skipped++;
            return;
        }
        String requestId = header(record, EventHeaders.REQUEST_ID);
        String traceparent = header(record, EventHeaders.TRACEPARENT);
        for (WebhookEvent event : events) {
            counts.events++;
            if (producer == null) {
                continue;
            }
            String topic = router.topicFor(event, webhook);
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, router.keyFor(event, topic),
                    event.toJsonBytes());
            EventHeaders.forEvent(event, requestId, traceparent).forEach(out.headers()::add);
            producer.send(out);
        }
    }

    private static Instant receivedAt(ConsumerRecord<String, byte[]> record) {
        String header = header(record, EventHeaders.RECEIVED_AT);
        return header != null ? Instant.parse(header) : Instant.ofEpochMilli(record.timestamp());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** An ISO-8601 instant, e.g. {@code 2026-06-05T10:30:00Z}. */
    static final class InstantOption implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an ISO-8601 instant, e.g. 2026-06-05T10:30:00Z");
            }
        }
    }

    private static final class Counts {
        long requests;
        long events;
        long skipped;
    }
}
