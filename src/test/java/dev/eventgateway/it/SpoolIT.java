package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool (DESIGN §3, §8) against a real broker of its own and a database of its own on the shared PostgreSQL: with
 * the broker stopped under signed load, every request still gets 200; once it is back, every acknowledged event is in
 * Kafka, each conversation's status comes after its message, the spool empties, and the workers hold each row once.
 * With the spool's database unreachable too, requests get 503 as without a spool.
 */
@GatewayIT
class SpoolIT {

    /** Conversations sent at once, each a sequence of (message, its status) pairs, the status only after the 200. */
    private static final int SENDERS = 4;
    private static final int MAX_PAIRS_PER_SENDER = 150;
    /** How long the broker stays away under load (the assertions are the same for 30 s; this keeps the run short). */
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request and what it was answered. */
    private record Answer(String conversation, int pair, String kind, String requestId, int status, boolean spooled,
                          List<String> eventIds) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // two broker starts, each up to a minute on a busy machine
    void requestsGet200WhileKafkaIsAwayAndReachKafkaInOrderOnceItIsBack(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("spool-kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        int port = kafka.port();
        TestServers servers = ownDatabase(stack, kafka.bootstrapServers());
        Db db = new Db(servers.jdbcUrl(), servers.user(), servers.password());
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, Map.of(
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "2s")))) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<Future<?>> load = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String phone = "9198" + String.format("%08d", Math.abs((run + s).hashCode()) % 100_000_000);
                String conversation = run + "-" + s;
                load.add(senders.submit(() -> converse(gateway, conversation, phone, sending, answers)));
            }
            awaitAnswers(answers, 20, load);
            kafka.close();
            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            await().atMost(OUTAGE.plusSeconds(30)).until(() -> answers.stream().anyMatch(Answer::spooled));
            assertThat(readiness(gateway)).as("readiness while spooling").satisfies(ready -> {
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("degraded: spooling");
            });
            TimeUnit.NANOSECONDS.sleep(Math.max(0, outageEnds - System.nanoTime())); // the outage's length, not a wait for work
            kafka = EmbeddedKafka.start(dir, port);
            int afterRestart = answers.size();
            awaitAnswers(answers, afterRestart + 40, load);  // load goes on while the spool drains
            sending.set(false);
            for (Future<?> f : load) {
                f.get(2, TimeUnit.MINUTES);
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> db.count("SELECT count(*) FROM ingress_spool") == 0);

            assertThat(answers).as("answers that were not 200").filteredOn(a -> a.status() != 200).isEmpty();
            long spooled = answers.stream().filter(Answer::spooled).count();
            assertThat(spooled).as("requests answered spooled").isPositive();

            KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers());
            List<String> inbound = ids(probe.records(gateway.config().kafka().topic("messages.inbound")));
            List<String> statuses = ids(probe.records(gateway.config().kafka().topic("messages.status")));
            for (Answer a : answers) {
                assertThat(a.kind().equals("message") ? inbound : statuses).as("%s in Kafka", a).containsAll(a.eventIds());
            }
            assertStatusAfterItsMessageOnTheRawTopic(probe.records(gateway.config().kafka().topic("raw")), answers);
            assertWorkersHoldEachRowOnce(db, answers);
            assertThat(gateway.metrics().registry().get("gateway_spool_requests").counter().count())
                    .isEqualTo((double) spooled);
        } finally {
            sending.set(false);
            senders.shutdownNow();
            kafka.close();
        }
    }

    @Test
    void kafkaAndTheSpoolBothAwayIs503(GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("spool-both-down");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        TestServers servers = ownDatabase(stack, kafka.bootstrapServers());
        String database = servers.jdbcUrl().replaceFirst(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Gateway gateway = Gateway.start(GatewayStack.config(servers, Map.of(
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "1s", "GATEWAY_WORKERS_ENABLED", "false")))) {
            assertThat(post(gateway, Whats91Payloads.inboundText("wamid.both-" + UUID.randomUUID(), "919800000011",
                    "before")).statusCode()).isEqualTo(200);
            kafka.close();
            // the spool's database refuses connections from now on, and the open ones are cut
            stack.db().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            stack.db().query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", database);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> during = post(gateway, Whats91Payloads.inboundText(
                        "wamid.both-" + UUID.randomUUID(), "919800000011", "during"));
                assertThat(during.statusCode()).as("request %d with Kafka and PostgreSQL away", i).isEqualTo(503);
                assertThat(new JsonObject(during.body()).getString("error_code")).isEqualTo("UNAVAILABLE");
                assertThat(during.headers().firstValue("Retry-After")).isPresent();
            }
        } finally {
            kafka.close();
            stack.db().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
    }

    /** The shared servers' PostgreSQL with a fresh database, so that no other gateway drains this test's spool. */
    static TestServers ownDatabase(GatewayStack stack, String kafkaBootstrap) {
        String name = "spool_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        stack.db().execute("CREATE DATABASE " + name);
        TestServers shared = stack.servers();
        return new TestServers(kafkaBootstrap, withDatabase(shared.postgresUrl(), name),
                withDatabase(shared.jdbcUrl(), name), shared.user(), shared.password(), List.of());
    }

    private static String withDatabase(String url, String database) {
        return url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    }

    /** Pairs until told to stop or the bound: the message, then, once it got its answer, the message's status. */
    private void converse(Gateway gateway, String conversation, String phone, AtomicBoolean sending,
                          List<Answer> answers) {
        for (int pair = 0; pair < MAX_PAIRS_PER_SENDER && sending.get(); pair++) {
            String messageId = "wamid.spool-" + conversation + "-" + pair;
            answers.add(answer(conversation, pair, "message",
                    post(gateway, Whats91Payloads.inboundText(messageId, phone, "text " + pair))));
            answers.add(answer(conversation, pair, "status",
                    post(gateway, Whats91Payloads.delivered(messageId, phone))));
        }
    }

    private static Answer answer(String conversation, int pair, String kind, HttpResponse<String> response) {
        String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        if (response.statusCode() != 200) {
            return new Answer(conversation, pair, kind, requestId, response.statusCode(), false, List.of());
        }
        JsonObject body = new JsonObject(response.body());
        List<String> ids = body.getJsonArray("eventIds").stream().map(String::valueOf).toList();
        return new Answer(conversation, pair, kind, requestId, 200, body.getBoolean("spooled", false), ids);
    }

    /** Until {@code count} answers came, or the senders reached their bound. */
    private static void awaitAnswers(List<Answer> answers, int count, List<Future<?>> load) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> answers.size() >= count || load.stream().allMatch(Future::isDone));
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> KafkaProbe.header(r, EventHeaders.CE_ID)).toList();
    }

    /**
     * Every raw record has the webhook's uid as its key, so all of this test's are in one partition, in the order they
     * were appended: each status request's first copy must come after its message request's first copy.
     */
    private static void assertStatusAfterItsMessageOnTheRawTopic(List<ConsumerRecord<String, byte[]>> raw,
                                                                 List<Answer> answers) {
        Map<String, Long> firstOffset = new HashMap<>();
        Map<String, Integer> partition = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : raw) {
            String requestId = KafkaProbe.header(r, EventHeaders.REQUEST_ID);
            firstOffset.putIfAbsent(requestId, r.offset());
            partition.putIfAbsent(requestId, r.partition());
        }
        Map<String, Answer> messages = new HashMap<>();
        answers.stream().filter(a -> a.kind().equals("message"))
                .forEach(a -> messages.put(a.conversation() + "/" + a.pair(), a));
        int checked = 0;
        for (Answer status : answers) {
            if (!status.kind().equals("status")) {
                continue;
            }
            Answer message = messages.get(status.conversation() + "/" + status.pair());
            assertThat(firstOffset).as("raw records of %s and %s", message, status)
                    .containsKeys(message.requestId(), status.requestId());
            assertThat(partition.get(status.requestId())).isEqualTo(partition.get(message.requestId()));
            assertThat(firstOffset.get(status.requestId())).as("%s after %s", status, message)
                    .isGreaterThan(firstOffset.get(message.requestId()));
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /** The workers applied each event once: one message row and one status row per pair, counts that add up. */
    private static void assertWorkersHoldEachRowOnce(Db db, List<Answer> answers) {
        List<String> messageIds = answers.stream().filter(a -> a.kind().equals("status"))
                .map(a -> "wamid.spool-" + a.conversation() + "-" + a.pair()).toList();
        String[] ids = messageIds.toArray(String[]::new);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ANY(?)", (Object) ids))
                    .isEqualTo(ids.length);
            assertThat(db.count("SELECT count(*) FROM message_status_events WHERE message_id = ANY(?)",
                    (Object) ids)).isEqualTo(ids.length);
        });
        // a duplicate applied twice would count its message twice in the conversation
        long counted = db.count("SELECT coalesce(sum(message_count), 0) FROM conversations WHERE phone IN "
                + "(SELECT phone FROM messages WHERE message_id = ANY(?))", (Object) ids);
        long messagesOfThosePhones = db.count("SELECT count(*) FROM messages WHERE phone IN "
                + "(SELECT phone FROM messages WHERE message_id = ANY(?))", (Object) ids);
        assertThat(counted).isEqualTo(messagesOfThosePhones);
    }

    private HttpResponse<String> post(Gateway gateway, byte[] body) {
        try {
            return http.send(GatewayStack.WHATS91.signedPost(gateway.httpPort(), body),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
    }

    private HttpResponse<String> readiness(Gateway gateway) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort()
                + "/health/ready")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
