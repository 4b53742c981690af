package dev.eventgateway.it;

import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool across kill -9 (DESIGN §8): a gateway process killed while it spools keeps every request it answered 200
 * in the spool; a gateway killed right after its start, while its drainer takes the first rows, deletes nothing Kafka
 * did not acknowledge; a third one drains the rest. Every acknowledged event is in Kafka at the end and the spool is
 * empty. Kafka is a broker of its own, PostgreSQL a database of its own on the shared server.
 */
@GatewayIT
class SpoolCrashIT {

    private static final int MAX_REQUESTS = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Acked(String requestId, String eventId) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // two broker starts, each up to a minute on a busy machine
    void nothingAcknowledgedIsLostWhenTheGatewayIsKilledWhileSpoolingOrDraining(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("spool-crash");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        int kafkaPort = kafka.port();
        TestServers servers = SpoolIT.ownDatabase(stack, kafka.bootstrapServers());
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        Map<String, String> env = GatewayStack.environment(servers, Map.of(
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "1s", "GATEWAY_WORKERS_ENABLED", "false"));
        Path workDir = Path.of(env.get("GATEWAY_DATA_DIR"));
        List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
        try {
            try (GatewayProcess spooling = GatewayProcess.start(workDir, env)) {
                int port = spooling.awaitStarted(Duration.ofSeconds(120));
                kafka.close();
                AtomicBoolean sending = new AtomicBoolean(true);
                CompletableFuture<Void> load = CompletableFuture.runAsync(() -> send(port, sending, acked));
                await().atMost(Duration.ofMinutes(2)).until(() -> acked.size() >= 40 || load.isDone());
                spooling.kill();   // while requests are still coming in
                sending.set(false);
                spooling.awaitExit(Duration.ofSeconds(30));
                load.get(1, TimeUnit.MINUTES);
            }
            assertThat(acked).hasSizeGreaterThanOrEqualTo(40);
            List<Object> spooled = db.query("SELECT request_id FROM ingress_spool").stream()
                    .map(row -> row.get("request_id")).toList();
            assertThat(spooled).as("every request answered 200 is in the spool after kill -9")
                    .containsAll(acked.stream().map(Acked::requestId).toList());

            kafka = EmbeddedKafka.start(dir, kafkaPort);
            try (GatewayProcess draining = GatewayProcess.start(workDir, env)) {
                draining.awaitStarted(Duration.ofSeconds(120));
                draining.kill();   // its drainer's first round runs from the start
                draining.awaitExit(Duration.ofSeconds(30));
            }
            try (GatewayProcess last = GatewayProcess.start(workDir, env)) {
                last.awaitStarted(Duration.ofSeconds(120));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> db.count("SELECT count(*) FROM ingress_spool") == 0);
                last.terminate();
                last.awaitExit(Duration.ofSeconds(30));
            }
            KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers());
            String topic = GatewayStack.config(servers, Map.of()).kafka().topic("messages.inbound");
            List<String> inbound = probe.records(topic).stream()
                    .map(r -> KafkaProbe.header(r, EventHeaders.CE_ID)).toList();
            assertThat(inbound).as("every acknowledged event in Kafka")
                    .containsAll(acked.stream().map(Acked::eventId).toList());
        } finally {
            kafka.close();
        }
    }

    /** Sequential requests until told to stop, the bound, or the gateway is gone; the 200s are kept. */
    private void send(int port, AtomicBoolean sending, List<Acked> acked) {
        for (int i = 0; i < MAX_REQUESTS && sending.get(); i++) {
            byte[] body = Whats91Payloads.inboundText("wamid.crash-" + UUID.randomUUID(), "919800000021", "n" + i);
            HttpResponse<String> response;
            try {
                response = http.send(GatewayStack.WHATS91.signedPost(port, body), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                return; // the gateway was killed: this request was never acknowledged
            }
            assertThat(response.statusCode()).as("answer %d while Kafka is away", i).isEqualTo(200);
            JsonObject answer = new JsonObject(response.body());
            acked.add(new Acked(response.headers().firstValue("X-Request-Id").orElseThrow(),
                    answer.getJsonArray("eventIds").getString(0)));
        }
    }
}
