package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.GatewayCli;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record the database keeps refusing: retried with back-off up to its webhook's attempts, dead-lettered with the
 * error, listed by {@code dlq list}, and applied once {@code dlq requeue} sends it back after the cause is fixed.
 * A gateway of its own: the test adds a constraint to its database and re-enqueues from its dead-letter topic.
 */
@GatewayIT
class DeadLetterRequeueIT {

    @Test
    void aRecordFailingEveryAttemptIsDeadLetteredAndAppliedAfterTheFixWhenRequeued(GatewayStack stack) {
        String name = IsolatedGateways.uniqueName("dlq");
        String prefix = IsolatedGateways.topicPrefix(name);
        TestServers servers = IsolatedGateways.withOwnDatabase(stack, name);
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        KafkaProbe kafka = new KafkaProbe(servers.kafkaBootstrap());
        String blocked = "wamid.blocked-" + name;
        String after = "wamid.after-" + name;

        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            db.execute("ALTER TABLE messages ADD CONSTRAINT it_blocked CHECK (text IS DISTINCT FROM 'blocked')");
            assertThat(IsolatedGateways.post(gateway, GatewayStack.WHATS91,
                    WorkerPayloads.inbound(blocked, "919811111111", "blocked", "2026-06-05T10:30:00Z", null)))
                    .isEqualTo(200);
            assertThat(IsolatedGateways.post(gateway, GatewayStack.WHATS91,
                    WorkerPayloads.inbound(after, "919811111111", "fine", "2026-06-05T10:31:00Z", null)))
                    .isEqualTo(200);

            // the record behind the failing one waits for it, then is applied: nothing is skipped or reordered
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM messages "
                    + "WHERE message_id = ?", after) == 1);
            List<ConsumerRecord<String, byte[]>> letters = kafka.records(prefix + "crm.dlq");
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(KafkaProbe.header(letter, DeadLetterHeaders.REASON)).isEqualTo("exhausted");
                assertThat(KafkaProbe.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
                assertThat(KafkaProbe.header(letter, DeadLetterHeaders.ERROR)).contains("it_blocked");
                assertThat(KafkaProbe.header(letter, DeadLetterHeaders.SOURCE_TOPIC))
                        .isEqualTo(prefix + "messages.inbound");
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains(blocked);
            });
            assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ?", blocked)).isZero();
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .contains("gateway_worker_records_retried_total{reason=\"record\",worker=\"crm\"} 2.0")
                    .contains("gateway_worker_records_dead_lettered_total{reason=\"exhausted\",worker=\"crm\"} 1.0");

            String listed = dlq(servers, prefix, "list", "--worker", "crm");
            assertThat(listed).contains(prefix + "messages.inbound/").contains("reason: exhausted")
                    .contains("attempts: 3").contains("it_blocked").contains("(message.inbound.text)")
                    .contains("1 dead letters not re-enqueued yet in " + prefix + "crm.dlq");

            db.execute("ALTER TABLE messages DROP CONSTRAINT it_blocked");
            assertThat(dlq(servers, prefix, "requeue", "--worker", "crm")).contains("re-enqueued 1 dead letters");

            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM messages "
                    + "WHERE message_id = ?", blocked) == 1);
            assertThat(db.count("SELECT message_count FROM conversations WHERE phone = '919811111111'")).isEqualTo(2);
            assertThat(kafka.recordsContaining(prefix + "messages.inbound", blocked)).hasSize(2).last()
                    .satisfies(r -> assertThat(KafkaProbe.header(r, DeadLetterHeaders.REQUEUED_FROM))
                            .isEqualTo(prefix + "crm.dlq/" + letters.get(0).partition() + "/"
                                    + letters.get(0).offset()));
            assertThat(dlq(servers, prefix, "list", "--worker", "crm")).contains("0 dead letters not re-enqueued");
            assertThat(dlq(servers, prefix, "list", "--worker", "crm", "--all")).contains("1 dead letters in");
            assertThat(dlq(servers, prefix, "requeue", "--worker", "crm")).contains("re-enqueued 0 dead letters");
        }
    }

    private static String dlq(TestServers servers, String prefix, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "dlq";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = servers.kafkaBootstrap();
        all[args.length + 3] = "--topic-prefix";
        all[args.length + 4] = prefix;
        GatewayCli.Result result = GatewayCli.run(all);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }
}
