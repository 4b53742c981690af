package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.embedded.EmbeddedPostgres;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import io.micrometer.core.instrument.DistributionSummary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches: the records already in Kafka when a worker polls come in one poll, and the worker writes the good ones in
 * one transaction. Each test puts its records on one partition (one key) before a worker reads them — while no
 * worker runs, or in one produce request — so that they share a batch, and checks what batching could get wrong:
 * a record applied twice or not at all, an offset committed past a record that is not done, a record overtaking one
 * before it, an aggregate that depends on the records sharing a transaction.
 */
@GatewayIT
class WorkerBatchIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant AT = Instant.parse("2026-06-05T10:00:00Z");
    private static final String PHONE = "919844444444";
    private static final String KEY = WorkerPayloads.SENDER + ":" + PHONE;

    @Test
    void poisonRecordsBetweenGoodOnesAreDeadLetteredAndTheGoodOnesWrittenOnceWithExactCounts(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("batchpoison");
        String topic = IsolatedGateways.topicPrefix(name) + "messages.inbound";
        TestServers servers = withoutWorkersFirst(stack, name);
        List<byte[]> values = new ArrayList<>();
        // ten messages of one conversation, in scrambled time order, each message's event twice (a provider retry)
        for (int i = 0; i < 10; i++) {
            int minute = (i * 7) % 10;
            byte[] event = inbound("m" + minute, AT.plusSeconds(60L * minute)).toJsonBytes();
            values.add(event);
            if (i == 3) {
                values.add(("not json " + name).getBytes(StandardCharsets.UTF_8));
            }
            if (i == 6) {
                values.add(withoutFrom(inbound("nofrom", AT)).toJsonBytes());
            }
            values.add(event);
        }
        produce(servers, topic, KEY, values);

        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            awaitCommitted(servers, IsolatedGateways.group(name, "crm"), values.size());
            assertBatched(gateway, "crm");
            assertThat(counter(gateway, "gateway_worker_records_processed", "crm"))
                    .as("every good record, duplicates included, applied or found applied").isEqualTo(20);
        }
        Db db = db(servers);
        assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(10);
        Map<String, Object> conversation = db.query("SELECT * FROM conversations WHERE phone = ?", PHONE).get(0);
        assertThat(conversation.get("message_count")).isEqualTo(10L);
        assertThat(conversation.get("last_message_id")).isEqualTo(messageId("m9"));
        assertThat(((Timestamp) conversation.get("first_inbound_at")).toInstant()).isEqualTo(AT);
        assertThat(((Timestamp) conversation.get("last_inbound_at")).toInstant()).isEqualTo(AT.plusSeconds(540));

        List<ConsumerRecord<String, byte[]>> sources = new KafkaProbe(servers.kafkaBootstrap()).records(topic);
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(servers, name, "crm");
        assertThat(letters).hasSize(2);
        assertThat(letters).extracting(l -> KafkaProbe.header(l, DeadLetterHeaders.REASON)).containsOnly("poison");
        assertThat(letters).extracting(l -> Long.parseLong(KafkaProbe.header(l, DeadLetterHeaders.SOURCE_OFFSET)))
                .containsExactly(offsetOf(sources, "not json " + name), offsetOf(sources, messageId("nofrom")));
    }

    @Test
    void aRecordTheDatabaseRefusesInTheMiddleOfABatchIsRetriedAloneAndNothingOvertakesIt(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("batchrefused");
        String topic = IsolatedGateways.topicPrefix(name) + "messages.inbound";
        TestServers servers = withoutWorkersFirst(stack, name);
        Db db = db(servers);
        db.execute("ALTER TABLE messages ADD CONSTRAINT it_blocked CHECK (text IS DISTINCT FROM 'blocked')");
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            WebhookEvent event = inbound("m" + i, AT.plusSeconds(i));
            if (i == 5) {
                event = new WebhookEvent(event.id(), event.type(), event.provider(), event.webhookUid(),
                        event.senderId(), null, event.occurredAt(), event.receivedAt(),
                        event.data().deepCopy().put("text", "blocked"), null);
            }
            values.add(event.toJsonBytes());
        }
        produce(servers, topic, KEY, values);

        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            awaitCommitted(servers, IsolatedGateways.group(name, "crm"), values.size());
            assertBatched(gateway, "crm");
            assertThat(counter(gateway, "gateway_worker_records_processed", "crm")).isEqualTo(10);
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .as("the record's own attempts: the failed batch counts for no record")
                    .contains("gateway_worker_records_retried_total{reason=\"record\",worker=\"crm\"} 2.0");
        }
        assertThat(deadLetters(servers, name, "crm")).singleElement().satisfies(letter -> {
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.REASON)).isEqualTo("exhausted");
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.EVENT_ID)).isEqualTo(eventId("m5"));
            Instant failedAt = Instant.parse(KafkaProbe.header(letter, DeadLetterHeaders.FAILED_AT));
            Timestamp firstAfter = (Timestamp) db.query("SELECT min(stored_at) AS t FROM messages WHERE message_id "
                    + "IN (?, ?, ?, ?, ?)", messageIds(6, 11).toArray()).get(0).get("t");
            assertThat(firstAfter.toInstant()).as("the records behind it wait until it is dead-lettered")
                    .isAfter(failedAt);
        });
        assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(10);
        assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ?", messageId("m5"))).isZero();
        assertThat(db.count("SELECT message_count FROM conversations WHERE phone = ?", PHONE)).isEqualTo(10);
    }

    @Test
    void manyStatusesOfTheSameMessagesInOneBatchLeaveEachAtItsHighestStatus(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("batchstatus");
        String topic = IsolatedGateways.topicPrefix(name) + "messages.status";
        TestServers servers = withoutWorkersFirst(stack, name);
        int messages = 20;
        List<byte[]> values = new ArrayList<>();
        // one key for all, so that they share a partition and a batch; every message's events arrive out of order
        for (String status : List.of("read", "sent", "delivered", "sent")) {
            for (int m = 0; m < messages; m++) {
                values.add(status("out" + m, status).toJsonBytes());
            }
        }
        for (String status : List.of("delivered", "failed", "read", "played")) {
            values.add(status("failing", status).toJsonBytes());
        }
        produce(servers, topic, "one-key", values);

        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            awaitCommitted(servers, IsolatedGateways.group(name, "timeline"), values.size());
            assertBatched(gateway, "timeline");
        }
        Db db = db(servers);
        assertThat(db.count("SELECT count(*) FROM message_status_events")).isEqualTo(3L * messages + 4);
        assertThat(db.query("SELECT status, count(*) AS n FROM message_statuses WHERE message_id LIKE ? "
                + "GROUP BY status", messageId("out") + "%")).singleElement()
                .isEqualTo(Map.of("status", "read", "n", (long) messages));
        assertThat(db.count("SELECT count(*) FROM message_statuses WHERE message_id LIKE ? AND sent_at = ? "
                + "AND delivered_at = ? AND read_at = ?", messageId("out") + "%", ts(1), ts(2), ts(3)))
                .isEqualTo(messages);
        assertThat(db.query("SELECT status, error->>'code' AS code FROM message_statuses WHERE message_id = ?",
                messageId("failing"))).singleElement().isEqualTo(Map.of("status", "failed", "code", "131026"));
        assertThat(deadLetters(servers, name, "timeline")).isEmpty();
    }

    @Test
    void templateEventsInOneBatchAreStoredOnceWithTheNewestStatusAndOneNotificationEach(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("batchtemplate");
        String topic = IsolatedGateways.topicPrefix(name) + "templates.status";
        TestServers servers = withoutWorkersFirst(stack, name);
        List<byte[]> values = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            values.add(template("tpl_" + t, "REJECTED", 2).toJsonBytes());
            values.add(template("tpl_" + t, "APPROVED", 3).toJsonBytes());
            values.add(template("tpl_" + t, "REJECTED", 2).toJsonBytes()); // the same event again
            values.add(template("tpl_" + t, "PENDING", 1).toJsonBytes()); // older, arriving last
        }
        produce(servers, topic, "one-key", values);

        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            awaitCommitted(servers, IsolatedGateways.group(name, "template-ops"), values.size());
            assertBatched(gateway, "template-ops");
        }
        Db db = db(servers);
        assertThat(db.count("SELECT count(*) FROM template_events")).isEqualTo(30L);
        assertThat(db.query("SELECT status, count(*) AS n FROM templates GROUP BY status")).singleElement()
                .isEqualTo(Map.of("status", "APPROVED", "n", 10L));
        assertThat(db.count("SELECT count(*) FROM notification_outbox")).isEqualTo(30L);
        assertThat(deadLetters(servers, name, "template-ops")).isEmpty();
    }

    private static WebhookEvent template(String templateName, String status, int second) {
        var data = EventJson.MAPPER.createObjectNode().put("templateName", templateName).put("language", "en")
                .put("status", status).put("category", "MARKETING");
        Instant at = AT.plusSeconds(second);
        return new WebhookEvent("evt_" + templateName + "_" + status + "_" + second, EventTypes.TEMPLATE_STATUS,
                "whats91", "wh_it_whats91", WorkerPayloads.SENDER, null, at, at, data, null);
    }

    @Test
    void aBatchWaitsOutADatabaseOutageAndIsWrittenOnceWhenTheDatabaseReturns(GatewayStack stack) {
        Path dir = TestServers.dataDir("batch-outage-postgres");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0);
        int port = postgres.port();
        String name = IsolatedGateways.uniqueName("batchoutage");
        String topic = IsolatedGateways.topicPrefix(name) + "messages.inbound";
        TestServers servers = new TestServers(stack.servers().kafkaBootstrap(), "postgresql://" + postgres.user()
                + ":" + postgres.password() + "@" + postgres.host() + ":" + port + "/" + postgres.database(),
                postgres.jdbcUrl(), postgres.user(), postgres.password(), List.of());
        Db db = db(servers);
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            postgres.close();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                values.add(inbound("m" + i, AT.plusSeconds(i)).toJsonBytes());
            }
            produce(servers, topic, KEY, values); // one produce request: the worker polls them together
            await().atMost(WAIT).untilAsserted(() -> assertThat(IsolatedGateways.get(gateway, "/health/ready").body())
                    .contains("crm: database unreachable"));

            postgres = EmbeddedPostgres.start(dir, port);
            awaitCommitted(servers, IsolatedGateways.group(name, "crm"), values.size());
            assertBatched(gateway, "crm");
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .contains("gateway_worker_records_retried_total{reason=\"outage\",worker=\"crm\"}")
                    .doesNotContain("gateway_worker_records_retried_total{reason=\"outage\",worker=\"crm\"} 0.0")
                    // the counters exist from the worker's start, at zero: none may have counted
                    .doesNotContainPattern("gateway_worker_records_retried_total\\{reason=\"record\"[^}]*\\} [1-9]")
                    .doesNotContainPattern("gateway_worker_records_dead_lettered_total\\{[^}]*\\} [1-9]");
            await().atMost(WAIT).until(() -> IsolatedGateways.get(gateway, "/health/ready").statusCode() == 200);
            assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(30);
            assertThat(db.count("SELECT message_count FROM conversations WHERE phone = ?", PHONE)).isEqualTo(30);
        } finally {
            postgres.close();
        }
        assertThat(deadLetters(servers, name, "crm")).isEmpty();
    }

    /** A database of its own, migrated, and the gateway's topics, by a first gateway that runs no workers. */
    private static TestServers withoutWorkersFirst(GatewayStack stack, String name) {
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of("GATEWAY_WORKERS_ENABLED",
                "false")))).close();
        return servers;
    }

    /** Sends the values in order with one key, in one produce request, and waits for Kafka's acknowledgement. */
    private static void produce(TestServers servers, String topic, String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                servers.kafkaBootstrap(), "acks", "all", "linger.ms", "100", "batch.size", "1048576"),
                new StringSerializer(), new ByteArraySerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, key, value)));
            producer.flush();
        }
    }

    /** Waits until the group's committed offsets add up to {@code records}: every record done, none beyond. */
    private static void awaitCommitted(TestServers servers, String group, long records) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", servers.kafkaBootstrap()))) {
            await().atMost(WAIT).until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).values().stream().mapToLong(OffsetAndMetadata::offset).sum() == records);
        }
    }

    /** The worker took some poll of more than one record: the batch path ran, not only the one-record path. */
    private static void assertBatched(Gateway gateway, String worker) {
        DistributionSummary batches = gateway.metrics().registry().find("gateway_worker_batch_records")
                .tag("worker", worker).summary();
        assertThat(batches).isNotNull();
        assertThat(batches.totalAmount()).as("records in %d batches", batches.count())
                .isGreaterThan(batches.count());
    }

    private static double counter(Gateway gateway, String name, String worker) {
        return gateway.metrics().registry().find(name).tag("worker", worker).counter().count();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(TestServers servers, String name, String worker) {
        return new KafkaProbe(servers.kafkaBootstrap()).records(IsolatedGateways.topicPrefix(name) + worker + ".dlq");
    }

    private static long offsetOf(List<ConsumerRecord<String, byte[]>> records, String text) {
        return records.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(text))
                .findFirst().orElseThrow().offset();
    }

    private static Db db(TestServers servers) {
        return new Db(servers.jdbcUrl(), servers.user(), servers.password());
    }

    private static String messageId(String message) {
        return "wamid.batch-" + message;
    }

    private static String eventId(String message) {
        return "evt_batch_" + message;
    }

    /** The message ids of m{from} to m{to - 1}. */
    private static List<String> messageIds(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(messageId("m" + i));
        }
        return ids;
    }

    private static WebhookEvent inbound(String message, Instant at) {
        return WorkerPayloads.inboundEvent(eventId(message), messageId(message), PHONE, at);
    }

    private static WebhookEvent withoutFrom(WebhookEvent event) {
        return new WebhookEvent(event.id(), event.type(), event.provider(), event.webhookUid(), event.senderId(), null,
                event.occurredAt(), event.receivedAt(), event.data().deepCopy().without("from"), null);
    }

    /** A status event of the message, one event id per message and status, at AT + the status's rank seconds. */
    private static WebhookEvent status(String message, String status) {
        int second = List.of("sent", "delivered", "read", "played", "failed").indexOf(status) + 1;
        WebhookEvent event = WorkerPayloads.statusEvent(eventId(message + "_" + status), messageId(message), status,
                AT.plusSeconds(second));
        if (status.equals("failed")) {
            event.data().putObject("error").put("code", "131026").put("message", "Message undeliverable");
        }
        return event;
    }

    private static OffsetDateTime ts(int second) {
        return AT.plusSeconds(second).atOffset(ZoneOffset.UTC);
    }
}
