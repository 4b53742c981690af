package dev.eventgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.config.PgConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.crypto.SecretKeyFile;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code replay}: re-runs today's normalizer over the verified requests kept on the raw topic for a time range and
 * publishes the resulting events again, with the same topics, keys and headers as ingress. Event ids are
 * deterministic, so events that were right the first time come out identical and consumers dedupe them; what a fixed
 * normalizer now reads differently comes out corrected. The raw topic itself is not written.
 */
public final class ReplayCommand {

    public static final String HELP = """
            usage: event-gateway replay --from <ISO-8601> [--to <ISO-8601>] [--webhook <uid>] [--dry-run]

            Reads <prefix>raw from --from (inclusive) to --to (exclusive; default: now), normalizes every request with
            its webhook's provider and republishes the events. Uses the same configuration as `run` (config files and
            GATEWAY_* variables) and the webhooks stored in PostgreSQL; with no Kafka or PostgreSQL address configured
            it connects to the embedded servers of a running gateway on 127.0.0.1:<embedded.kafkaPort> and
            <embedded.postgresPort>. --dry-run counts without publishing.
            Prints: requests read, events published, requests skipped (unknown webhook, unreadable body).
            """;

    private ReplayCommand() {
    }

    public static int run(CliArgs args, PrintStream out) {
        return run(args, out, ConfigLoader.load());
    }

    /** With the configuration given rather than loaded (tests, embedding). */
    public static int run(CliArgs args, PrintStream out, GatewayConfig config) {
        Instant from = instant(args.require("from"), "from");
        Instant to = args.has("to") ? instant(args.require("to"), "to") : Instant.now();
        String onlyWebhook = args.get("webhook", null);
        boolean dryRun = args.has("dry-run");
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
            List<TopicPartition> partitions = consumer.partitionsFor(rawTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(rawTopic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> from.toEpochMilli())), Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp offset = start.get(tp);
                consumer.seek(tp, offset == null ? end.get(tp) : offset.offset());
            }
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || record.timestamp() >= to.toEpochMilli()
                            || onlyWebhook != null && !onlyWebhook.equals(record.key())) {
                        continue;
                    }
                    replayOne(record, webhooks, providers, router, dryRun ? null : producer, counts);
                }
            }
            producer.flush();
        }
        out.printf("requests read: %d, events %s: %d, requests skipped: %d%n", counts.requests,
                dryRun ? "that would be published" : "published", counts.events, counts.skipped);
        return 0;
    }

    /**
     * Every webhook as the running gateways know it: declared and admin-created, from PostgreSQL (the embedded one of
     * a running gateway on 127.0.0.1:<embedded.postgresPort> when no address is configured), secrets decrypted.
     */
    private static Map<String, Webhook> loadWebhooks(GatewayConfig config) {
        PgConfig pg = config.postgres().embedded()
                ? config.postgres().withServer("127.0.0.1", config.embedded().postgresPort(), "postgres", "postgres", null)
                : config.postgres();
        Secret key = config.secretKey() != null ? config.secretKey() : SecretKeyFile.loadOrCreate(config.dataDir());
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(PgPools.connectOptions(pg)).using(vertx).build();
            List<Webhook> all = new WebhookStore(pool, SecretCipher.of(key)).loadAll()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return all.stream().collect(Collectors.toMap(Webhook::uid, Function.identity()));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot read the webhooks from PostgreSQL at " + pg.jdbcUrl() + ": "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the webhooks", e);
        } finally {
            vertx.close();
        }
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

    private static Instant instant(String text, String option) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliArgs.UsageException("--" + option + " must be ISO-8601, e.g. 2026-06-05T10:30:00Z");
        }
    }

    private static final class Counts {
        long requests;
        long events;
        long skipped;
    }
}
