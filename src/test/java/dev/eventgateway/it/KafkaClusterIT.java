package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.embedded.EmbeddedKafkaCluster;
import dev.eventgateway.publish.TopicCreator;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A gateway on a three-node KRaft cluster: its topics get three replicas and {@code min.insync.replicas} 2, and a
 * broker killed with {@code kill -9} under signed load loses no acknowledged event; once the leaders moved, requests
 * get 200 again. Bounded in requests and in time (two load threads), on 127.0.0.1 only.
 */
@GatewayIT
class KafkaClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterIT.class);
    private static final int LOAD_THREADS = 2;
    /** Upper bounds of the load, whichever comes first. */
    private static final int MAX_REQUESTS = 3000;
    private static final Duration MAX_LOAD = Duration.ofSeconds(120);
    private static final int ACCEPTED_BEFORE_KILL = 30;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(360) // an upper bound for a busy machine; a few tens of seconds on an idle one
    void aBrokerKilledUnderLoadLosesNoAcknowledgedEventAndRequestsGet200OnceLeadersMoved(GatewayStack stack)
            throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(TestServers.dataDir("kafka-cluster"), 3,
                "512m"); Admin admin = cluster.admin()) {
            String prefix = "it-cluster-" + UUID.randomUUID().toString().substring(0, 8) + ".";
            refusesTopicsWithFewerInSyncReplicas(cluster, admin, prefix);

            TestServers servers = new TestServers(cluster.bootstrapServers(), stack.servers().postgresUrl(),
                    stack.servers().jdbcUrl(), stack.servers().user(), stack.servers().password(), List.of());
            try (Gateway gateway = Gateway.start(GatewayStack.config(servers, Map.of(
                    "GATEWAY_ROLE", "ingress",
                    "GATEWAY_KAFKA_TOPIC_PREFIX", prefix,
                    "GATEWAY_KAFKA_REPLICATION_FACTOR", "3",
                    "GATEWAY_KAFKA_PARTITIONS", "3",
                    "GATEWAY_HTTP_INSTANCES", "1")))) {
                String topic = prefix + "messages.inbound";
                assertThat(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                        .all().get(20, TimeUnit.SECONDS).values().iterator().next()
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
                assertThat(describe(admin, topic).partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

                Load load = new Load(gateway);
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.get() >= ACCEPTED_BEFORE_KILL);
                    int victim = describe(admin, topic).partitions().get(0).leader().id();
                    cluster.kill(victim);
                    int acceptedAtKill = load.accepted.get();
                    LOG.info("broker killed under load [node: {}, acceptedSoFar: {}]", victim, acceptedAtKill);

                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                            describe(admin, topic).partitions().stream().map(TopicPartitionInfo::leader)
                                    .allMatch(leader -> leader != null && leader.id() != victim));
                    // the load goes on through the failover: requests are answered 200 again on two brokers
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> load.accepted.get() >= acceptedAtKill + ACCEPTED_BEFORE_KILL);
                } finally {
                    load.stop();
                }
                LOG.info("cluster load done [requests: {}, accepted: {}, statuses: {}]", load.sent.get(),
                        load.accepted.get(), load.statuses);
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> after = post(gateway);
                    assertThat(after.statusCode()).as("request %d after the leaders moved: %s", i, after.body())
                            .isEqualTo(200);
                    load.acked.addAll(eventIds(after));
                }

                assertThat(load.acked).hasSizeGreaterThanOrEqualTo(2 * ACCEPTED_BEFORE_KILL + 10);
                // awaited, not read once: an acknowledgement that does not come straight from Kafka may reach it later
                KafkaProbe kafka = new KafkaProbe(cluster.bootstrapServers());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kafka.records(topic).stream()
                        .map(r -> KafkaProbe.header(r, "ce_id")).collect(Collectors.toSet()))
                        .as("every acknowledged event id is in Kafka").containsAll(load.acked));
            }
        }
    }

    /** Topics someone made with the broker's default min.insync.replicas of 1 stop the start, naming the fix. */
    private static void refusesTopicsWithFewerInSyncReplicas(EmbeddedKafkaCluster cluster, Admin admin,
                                                              String prefix) throws Exception {
        String legacy = "legacy-" + prefix;
        admin.createTopics(List.of(new NewTopic(legacy + "raw", 1, (short) 3)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1",
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "67108864")))).all().get(30, TimeUnit.SECONDS);
        KafkaConfig kafka = new KafkaConfig(cluster.bootstrapServers(), legacy, 1, (short) 3, Map.of(), Map.of(),
                1024 * 1024);

        assertThatThrownBy(() -> TopicCreator.ensure(kafka, 30))
                .hasMessageContaining(legacy + "raw (min.insync.replicas 1)")
                .hasMessageContaining("--entity-name <topic> --add-config min.insync.replicas=2");
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }

    private HttpResponse<String> post(Gateway gateway) throws Exception {
        byte[] body = Whats91Payloads.inboundText("wamid.cluster-" + UUID.randomUUID(), "919800000002", "cluster");
        return http.send(GatewayStack.WHATS91.signedPost(gateway.httpPort(), body), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> eventIds(HttpResponse<String> response) {
        return new JsonObject(response.body()).getJsonArray("eventIds").stream().map(Object::toString).toList();
    }

    /** Signed requests from a few threads until stopped, {@link #MAX_REQUESTS} were sent or {@link #MAX_LOAD} passed. */
    private final class Load {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService threads = Executors.newFixedThreadPool(LOAD_THREADS);
        private final List<Future<?>> running;

        Load(Gateway gateway) {
            long deadline = System.nanoTime() + MAX_LOAD.toNanos();
            running = java.util.stream.IntStream.range(0, LOAD_THREADS).mapToObj(i -> threads.submit(() -> {
                while (!stopped.get() && sent.incrementAndGet() <= MAX_REQUESTS && System.nanoTime() < deadline) {
                    HttpResponse<String> response = post(gateway);
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() == 200) {
                        acked.addAll(eventIds(response));
                        accepted.incrementAndGet();
                    }
                }
                return null;
            })).collect(Collectors.toList());
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Future<?> thread : running) {
                thread.get(60, TimeUnit.SECONDS); // a failed request fails the test here
            }
            threads.shutdown();
        }
    }
}
