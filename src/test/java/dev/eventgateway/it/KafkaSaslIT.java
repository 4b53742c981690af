package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.GatewayCli;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.embedded.EmbeddedPostgres;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.worker.DeadLetterHeaders;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway and its commands against a Kafka listener that requires SASL (SASL_PLAINTEXT, PLAIN): the gateway
 * authenticates with the {@code kafka.producer} / {@code kafka.consumer} settings of its configuration, and so do
 * {@code replay} and {@code dlq} given the same configuration. With a wrong password the gateway does not start,
 * and says why. The broker's plaintext listener serves only this test's own probes.
 */
class KafkaSaslIT {

    private static final String USER = "gateway";
    private static final String PASSWORD = "gateway-secret";

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static TestServers servers;

    @BeforeAll
    static void startServers() {
        Path dir = TestServers.dataDir("sasl");
        kafka = EmbeddedKafka.start(dir, 0, EmbeddedKafka.DEFAULT_MAX_HEAP, Map.of(USER, PASSWORD));
        postgres = EmbeddedPostgres.start(dir, 0);
        servers = new TestServers(kafka.bootstrapServers(), "postgresql://" + postgres.user() + ":"
                + postgres.password() + "@" + postgres.host() + ":" + postgres.port() + "/" + postgres.database(),
                postgres.jdbcUrl(), postgres.user(), postgres.password(), List.of(postgres, kafka));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    /** A gateway configuration on the SASL listener, authenticating as {@code user} with {@code password}. */
    private static GatewayConfig saslConfig(String password) throws IOException {
        Map<String, String> env = GatewayStack.environment(servers,
                Map.of("GATEWAY_KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers()));
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
        String security = """
                    "security.protocol": SASL_PLAINTEXT
                    "sasl.mechanism": PLAIN
                    "sasl.jaas.config": '%s'
                """.formatted(jaas);
        Files.writeString(Path.of(env.get("GATEWAY_CONFIG")), "kafka:\n  producer:\n" + security
                + "  consumer:\n" + security, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return ConfigLoader.load(Path.of(env.get("GATEWAY_DATA_DIR")), env);
    }

    @Test
    void theGatewayReplayAndDlqWorkOverSasl() throws Exception {
        GatewayConfig config = saslConfig(PASSWORD);
        KafkaProbe probe = new KafkaProbe(servers.kafkaBootstrap());
        Instant from = Instant.now().minusSeconds(1);
        String eventId;
        String statusTopic = config.kafka().topic("messages.status");
        try (Gateway gateway = Gateway.start(config)) {
            byte[] body = Fixtures.bytes("whatsable/message-status-read.json");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort()
                            + "/webhooks/" + Fixtures.uid("whatsable")))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            Fixtures.headers(Fixtures.webhook("whatsable"), body).forEach(h -> request.header(h.getKey(),
                    h.getValue()));
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            eventId = new JsonObject(response.body()).getJsonArray("eventIds").getString(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> copies(probe, statusTopic, eventId) == 1);
        }

        // replay reads wa.raw and republishes over the SASL listener: one more copy of the same event
        GatewayCli.Result replay = GatewayCli.run(config, "replay", "--from", from.toString(), "--webhook",
                Fixtures.uid("whatsable"));
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("events published: ").doesNotContain("events published: 0");
        await().atMost(Duration.ofSeconds(30)).until(() -> copies(probe, statusTopic, eventId) == 2);

        // a dead letter of the crm worker, as the worker writes one, listed and re-enqueued over SASL
        ConsumerRecord<String, byte[]> event = probe.records(statusTopic).get(0);
        String dlq = config.kafka().topic("crm.dlq");
        deadLetter(dlq, event, statusTopic);

        GatewayCli.Result list = GatewayCli.run(config, "dlq", "list", "--worker", "crm");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("from " + statusTopic + "/" + event.partition() + "/" + event.offset())
                .contains("event: " + eventId).contains("1 dead letters not re-enqueued yet in " + dlq);

        GatewayCli.Result requeue = GatewayCli.run(config, "dlq", "requeue", "--worker", "crm");
        assertThat(requeue.exitCode()).as(requeue.err()).isZero();
        assertThat(requeue.out()).contains("re-enqueued 1 dead letters from " + dlq);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.records(statusTopic).stream()
                .anyMatch(r -> KafkaProbe.header(r, DeadLetterHeaders.REQUEUED_FROM) != null));
        assertThat(GatewayCli.run(config, "dlq", "list", "--worker", "crm").out())
                .contains("0 dead letters not re-enqueued yet");
    }

    @Test
    void withAWrongPasswordTheGatewayRefusesToStartAndTheCommandsFailSayingWhy() throws Exception {
        GatewayConfig config = saslConfig("not-the-password");

        assertThatThrownBy(() -> Gateway.start(config).close())
                .hasStackTraceContaining("Authentication failed");

        GatewayCli.Result list = GatewayCli.run(config, "dlq", "list", "--worker", "crm");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err()).contains("dlq list failed against kafka at " + kafka.saslBootstrapServers())
                .contains("Authentication failed");
        GatewayCli.Result replay = GatewayCli.run(config, "replay", "--from", Instant.now().toString());
        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.err()).contains("Authentication failed");
    }

    private static long copies(KafkaProbe probe, String topic, String eventId) {
        return probe.records(topic).stream()
                .filter(r -> eventId.equals(KafkaProbe.header(r, EventHeaders.CE_ID))).count();
    }

    /** The record a worker writes when it gives up on {@code source}: same key, value and headers, plus eg_dlq_*. */
    private static void deadLetter(String dlq, ConsumerRecord<String, byte[]> source, String sourceTopic)
            throws Exception {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(dlq, source.key(), source.value());
        source.headers().forEach(letter.headers()::add);
        Map.of(DeadLetterHeaders.WORKER, "crm",
                DeadLetterHeaders.SOURCE_TOPIC, sourceTopic,
                DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()),
                DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()),
                DeadLetterHeaders.REASON, "exhausted",
                DeadLetterHeaders.ERROR, "the database refused the row",
                DeadLetterHeaders.ATTEMPTS, "3",
                DeadLetterHeaders.EVENT_ID, KafkaProbe.header(source, EventHeaders.CE_ID),
                DeadLetterHeaders.FAILED_AT, Instant.now().toString())
                .forEach((name, value) -> letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                servers.kafkaBootstrap(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(letter).get(20, TimeUnit.SECONDS);
        }
    }
}
