package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.IngressConfig;
import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.TopicCreator;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that wrote records but did not commit them, as after a crash between the database write and the offset
 * commit: the records come again, and change nothing. Once deterministically (the commits are taken back while the
 * gateway is down), once for real (a gateway process is killed with -9 while it works through a backlog).
 */
@GatewayIT
class WorkerRedeliveryIT {

    @Test
    void recordsWrittenButNotCommittedAreRedeliveredAndChangeNothing(GatewayStack stack) throws Exception {
        String name = IsolatedGateways.uniqueName("rewind");
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        GatewayConfig config = GatewayStack.config(servers, IsolatedGateways.env(name, Map.of()));
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        String phone = "919833333333";

        try (Gateway first = Gateway.start(config)) {
            for (int i = 0; i < 5; i++) {
                String messageId = "wamid.rewind-" + i;
                String at = "2026-06-05T10:0" + i + ":00Z";
                assertThat(IsolatedGateways.post(first, GatewayStack.WHATS91,
                        WorkerPayloads.inbound(messageId, phone, "message " + i, at, null))).isEqualTo(200);
                assertThat(IsolatedGateways.post(first, GatewayStack.WHATS91,
                        WorkerPayloads.status(messageId, phone, "sent", at, null))).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT (SELECT count(*) FROM messages) "
                    + "+ (SELECT count(*) FROM message_status_events)") == 10);
        }

        String prefix = IsolatedGateways.topicPrefix(name);
        Map<String, String> sources = Map.of(
                IsolatedGateways.group(name, "crm"), prefix + "messages.inbound",
                IsolatedGateways.group(name, "timeline"), prefix + "messages.status");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", servers.kafkaBootstrap()))) {
            // the first gateway committed everything; taking the commits back leaves what a kill before them leaves
            for (var source : sources.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, source.getKey());
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(5);
                Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
                committed.keySet().forEach(tp -> rewound.put(tp, new OffsetAndMetadata(0)));
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                    admin.alterConsumerGroupOffsets(source.getKey(), rewound).all().get(10, TimeUnit.SECONDS);
                    return true;
                });
            }

            try (Gateway second = Gateway.start(config)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sources.keySet().stream()
                        .allMatch(group -> committed(admin, group).values().stream()
                                .mapToLong(OffsetAndMetadata::offset).sum() == 5));
                assertThat(second.metrics().registry().find("gateway_worker_records_processed").tag("worker", "crm")
                        .counter().count()).as("the second gateway consumed the records again").isEqualTo(5);
            }
        }
        assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(5);
        assertThat(db.count("SELECT message_count FROM conversations WHERE phone = ?", phone)).isEqualTo(5);
        assertThat(db.count("SELECT count(*) FROM message_status_events")).isEqualTo(5);
        KafkaProbe kafka = new KafkaProbe(servers.kafkaBootstrap());
        assertThat(kafka.records(prefix + "crm.dlq")).isEmpty();
        assertThat(kafka.records(prefix + "timeline.dlq")).isEmpty();
    }

    @Test
    void aGatewayKilledWhileItWorksThroughABacklogLosesAndDuplicatesNothing(GatewayStack stack) throws IOException {
        String name = IsolatedGateways.uniqueName("kill");
        String prefix = IsolatedGateways.topicPrefix(name);
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        // large enough that the workers, which write a poll's rows in a few multi-row statements, are still in the
        // middle of it when the first rows show and the process is killed
        int conversations = 60;
        int perConversation = 50;
        int statusMessages = 1500;

        // the backlog is in Kafka before any worker runs, as ingress would have published it
        KafkaConfig kafkaConfig = new KafkaConfig(servers.kafkaBootstrap(), prefix, 3, (short) 1, Map.of(), Map.of(),
                IngressConfig.maxRecordBytes(4 * 1024 * 1024));
        TopicCreator.ensure(kafkaConfig, 30);
        Instant at = Instant.parse("2026-06-05T10:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                servers.kafkaBootstrap(), "acks", "all", "linger.ms", "5"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int c = 0; c < conversations; c++) {
                String phone = "9198" + String.format("%08d", c);
                for (int m = 0; m < perConversation; m++) {
                    WebhookEvent event = WorkerPayloads.inboundEvent("evt_kill_in_" + c + "_" + m,
                            "wamid.kill-" + c + "-" + m, phone, at.plusSeconds(m));
                    producer.send(new ProducerRecord<>(prefix + "messages.inbound",
                            WorkerPayloads.SENDER + ":" + phone, event.toJsonBytes()));
                }
            }
            for (int s = 0; s < statusMessages; s++) {
                String messageId = "wamid.kill-out-" + s;
                for (String status : List.of("sent", "delivered")) {
                    WebhookEvent event = WorkerPayloads.statusEvent("evt_kill_" + status + "_" + s, messageId, status,
                            at.plusSeconds(status.equals("sent") ? 0 : 1));
                    producer.send(new ProducerRecord<>(prefix + "messages.status", messageId, event.toJsonBytes()));
                }
            }
            producer.flush();
        }
        int total = conversations * perConversation + 2 * statusMessages;

        Path dir = TestServers.dataDir("kill9");
        Files.writeString(dir.resolve("kill.yaml"), """
                kafka:
                  consumer:
                    # a killed member's partitions move after 6 s instead of Kafka's default 45 s
                    session.timeout.ms: "6000"
                    heartbeat.interval.ms: "1000"
                """);
        Map<String, String> env = new HashMap<>(IsolatedGateways.env(name, Map.of()));
        env.putAll(Map.of("GATEWAY_CONFIG", "kill.yaml", "GATEWAY_HTTP_PORT", "0", "GATEWAY_HTTP_HOST", "127.0.0.1",
                "GATEWAY_MANAGEMENT_PORT", "0", "GATEWAY_DATA_DIR", dir.toString(), "GATEWAY_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap(),
                "GATEWAY_POSTGRES_URL", servers.postgresUrl(), "GATEWAY_KAFKA_PARTITIONS", "3",
                "GATEWAY_SHUTDOWN_TIMEOUT", "5s"));

        long appliedAtKill;
        try (GatewayProcess first = GatewayProcess.start(dir, env)) {
            first.awaitStarted(Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> applied(db) > 0);
            first.kill();
            first.awaitExit(Duration.ofSeconds(30));
            appliedAtKill = applied(db);
        }
        assertThat(appliedAtKill).as("killed in the middle of the backlog").isLessThan(total);

        try (GatewayProcess second = GatewayProcess.start(dir, env)) {
            second.awaitStarted(Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(90)).until(() -> applied(db) == total);
            second.terminate();
            second.awaitExit(Duration.ofSeconds(30));
        }
        assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(conversations * perConversation);
        assertThat(db.count("SELECT sum(message_count) FROM conversations")).isEqualTo(conversations * perConversation);
        assertThat(db.count("SELECT count(*) FROM conversations WHERE message_count <> ?", (long) perConversation))
                .isZero();
        assertThat(db.count("SELECT count(*) FROM message_status_events")).isEqualTo(2 * statusMessages);
        assertThat(db.count("SELECT count(*) FROM message_statuses WHERE status = 'delivered'"))
                .isEqualTo(statusMessages);
        KafkaProbe kafka = new KafkaProbe(servers.kafkaBootstrap());
        assertThat(kafka.records(prefix + "crm.dlq")).isEmpty();
        assertThat(kafka.records(prefix + "timeline.dlq")).isEmpty();
    }

    private static long applied(Db db) {
        return db.count("SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM message_status_events)");
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot read the offsets of " + group, e);
        }
    }
}
