package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.embedded.EmbeddedPostgres;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops while events keep arriving, then starts again: the workers pause (readiness says so), burn no
 * attempts and dead-letter nothing, and apply every event exactly once when the database is back. The test stops a
 * server, so it has a PostgreSQL of its own (and its own topics and consumer groups on the shared Kafka).
 */
@GatewayIT
class DatabaseOutageIT {

    private static final int PER_PHASE = 5;
    private static final String PHONE = "919822222222";

    @Test
    void workersPauseWhilePostgresIsDownAndApplyEveryEventOnceWhenItReturns(GatewayStack stack) {
        Path dir = TestServers.dataDir("outage-postgres");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0);
        int port = postgres.port();
        String name = IsolatedGateways.uniqueName("outage");
        TestServers servers = new TestServers(stack.servers().kafkaBootstrap(), "postgresql://" + postgres.user()
                + ":" + postgres.password() + "@" + postgres.host() + ":" + port + "/" + postgres.database(),
                postgres.jdbcUrl(), postgres.user(), postgres.password(), List.of());
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, IsolatedGateways.env(name, Map.of())))) {
            send(gateway, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(db) == 2 * PER_PHASE);

            postgres.close();
            send(gateway, 1); // ingress needs Kafka only: every request is still a 200
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> ready = IsolatedGateways.get(gateway, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("workers"))
                        .startsWith("down:").contains("crm: database unreachable")
                        .contains("timeline: database unreachable");
            });
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .contains("gateway_worker_database_outage{worker=\"crm\"} 1.0");

            postgres = EmbeddedPostgres.start(dir, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(db) == 4 * PER_PHASE);
            await().atMost(Duration.ofSeconds(10)).until(() -> IsolatedGateways.get(gateway, "/health/ready")
                    .statusCode() == 200);

            assertThat(db.count("SELECT count(*) FROM messages")).isEqualTo(2 * PER_PHASE);
            assertThat(db.count("SELECT message_count FROM conversations WHERE phone = ?", PHONE))
                    .isEqualTo(2 * PER_PHASE);
            assertThat(db.count("SELECT count(*) FROM message_status_events")).isEqualTo(2 * PER_PHASE);
            assertThat(db.count("SELECT count(*) FROM message_statuses WHERE status = 'delivered'"))
                    .isEqualTo(2 * PER_PHASE);
            KafkaProbe kafka = new KafkaProbe(servers.kafkaBootstrap());
            String prefix = IsolatedGateways.topicPrefix(name);
            assertThat(kafka.records(prefix + "crm.dlq")).isEmpty();
            assertThat(kafka.records(prefix + "timeline.dlq")).isEmpty();
            assertThat(IsolatedGateways.get(gateway, "/metrics").body())
                    .contains("gateway_worker_records_retried_total{reason=\"outage\",worker=\"crm\"}")
                    .doesNotContain("gateway_worker_records_retried_total{reason=\"outage\",worker=\"crm\"} 0.0")
                    .contains("gateway_worker_database_outage{worker=\"crm\"} 0.0")
                    // the counters exist from the worker's start, at zero: none may have counted a dead letter
                    .doesNotContainPattern("gateway_worker_records_dead_lettered_total\\{[^}]*\\} [1-9]");
        } finally {
            postgres.close();
        }
    }

    /** One phase's events: inbound messages of one conversation, and a delivered status for each of them. */
    private static void send(Gateway gateway, int phase) {
        for (int i = 0; i < PER_PHASE; i++) {
            String messageId = "wamid.outage-" + phase + "-" + i;
            String at = "2026-06-05T1" + phase + ":0" + i + ":00Z";
            assertThat(IsolatedGateways.post(gateway, GatewayStack.WHATS91,
                    WorkerPayloads.inbound(messageId, PHONE, "message " + i, at, null))).isEqualTo(200);
            assertThat(IsolatedGateways.post(gateway, GatewayStack.WHATS91,
                    WorkerPayloads.status(messageId, PHONE, "delivered", at, null))).isEqualTo(200);
        }
    }

    private static long applied(Db db) {
        try {
            return db.count("SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM message_status_events)");
        } catch (AssertionError e) {
            return -1; // the database is not back yet
        }
    }
}
