package dev.eventgateway.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Embedded brokers as one KRaft cluster, for tests of replication: each node a combined broker and controller in a
 * child JVM of its own ({@link KafkaBrokerMain} with {@code --node-id}, {@code --quorum-voters} and one
 * {@code --cluster-id}), on 127.0.0.1 only, under {@code dataDir/node-N}. The brokers stop with the test JVM, as the
 * single embedded broker does.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final Map<Integer, Process> nodes;
    private final Map<Integer, Integer> ports;

    private EmbeddedKafkaCluster(Map<Integer, Process> nodes, Map<Integer, Integer> ports) {
        this.nodes = nodes;
        this.ports = ports;
    }

    /** Starts {@code size} nodes (ids 1…size) and returns once every one is a registered broker. Blocking. */
    public static EmbeddedKafkaCluster start(Path dataDir, int size, String maxHeap) {
        Map<Integer, Process> nodes = new LinkedHashMap<>();
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, ports);
        try {
            List<Integer> free = distinctFreePorts(2 * size);
            Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
            for (int id = 1; id <= size; id++) {
                ports.put(id, free.get(2 * (id - 1)));
                controllerPorts.put(id, free.get(2 * (id - 1) + 1));
            }
            String voters = controllerPorts.entrySet().stream()
                    .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue()).collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            for (int id = 1; id <= size; id++) {
                Path dir = Files.createDirectories(dataDir.resolve("node-" + id));
                // three JVMs starting at once on a small machine: the quick compiler only, sized for one core
                nodes.put(id, EmbeddedKafka.spawnBroker(dir, ports.get(id), controllerPorts.get(id), 0, maxHeap, true,
                        List.of("-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1"),
                        List.of("--node-id", Integer.toString(id), "--quorum-voters", voters,
                                "--cluster-id", clusterId)));
            }
            try (Admin admin = cluster.admin()) {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == size);
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static List<Integer> distinctFreePorts(int count) throws IOException {
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < count) {
            ports.add(LoopbackPorts.freeLoopbackPort());
        }
        return new ArrayList<>(ports);
    }

    /** Every node's client address, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ports.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** An admin client on the cluster; close it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** {@code kill -9} of one node's JVM: no clean shutdown, no leadership handed over. Waits for it to be gone. */
    public void kill(int nodeId) throws InterruptedException {
        Process process = nodes.get(nodeId);
        process.destroyForcibly(); // SIGKILL
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        // all asked at once, then each waited for: a clean stop of a cluster takes its nodes together
        nodes.values().forEach(process -> {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroyForcibly();
            }
        });
        for (Process process : nodes.values()) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
