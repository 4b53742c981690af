package dev.eventgateway.bench.target;

import dev.eventgateway.bench.load.PayloadFactory;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.publish.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test and what the loss check reads back: topics whose records are request bodies (the gateway's
 * raw topic, the floor's one topic) and topics whose records carry a {@code ce_id} event id (the gateway's).
 */
public final class Target implements AutoCloseable {

    /** AES-GCM key (base64, 32 bytes) for the benchmark gateways' webhook secrets: a test value, not a secret. */
    private static final String BENCH_SECRET_KEY = "YmVuY2gtb25seS1rZXktMzItYnl0ZXMtbG9uZy4uLi4=";

    public static final String GATEWAY = "gateway";
    public static final String FLOOR = "floor";
    /** The gateways' {@code management.eventLoopWarning}: the shortest event-loop stall the phases can report. */
    public static final String STALL_WARNING = "20ms";
    /** The gateway with tracing on (the tracing stage), beside the one with tracing off. */
    public static final String GATEWAY_TRACED = "gateway-traced";
    /**
     * The floor doing exactly the Kafka work of the gateway's design (the raw record keyed by webhook plus one keyed
     * record per request, the same producer settings), beside the minimal floor in the maximum-rate stage.
     */
    public static final String FLOOR_DESIGN = "floor-design";

    private final String name;
    private final TargetProcess process;
    private final List<String> bodyTopics;
    private final List<String> eventTopics;
    private final List<String> command;
    private final Map<String, String> settings;

    private Target(String name, TargetProcess process, List<String> bodyTopics, List<String> eventTopics,
                   List<String> command, Map<String, String> settings) {
        this.name = name;
        this.process = process;
        this.bodyTopics = bodyTopics;
        this.eventTopics = eventTopics;
        this.command = command;
        this.settings = settings;
    }

    /**
     * The gateway as a user runs it: {@code java -Xmx… -jar event-gateway.jar}, configured only through
     * {@code GATEWAY_*} variables and a {@code GATEWAY_CONFIG} file declaring the benchmark's webhooks.
     *
     * @param label       names its files, e.g. {@code gateway} or {@code gateway-workers}
     * @param workers     whether its Kafka→PostgreSQL workers run (off for the ingress comparison with the floor)
     * @param jvmOptions  extra JVM options (JFR for profiling)
     * @param extraEnv    extra {@code GATEWAY_*} settings (experiments), applied last
     */
    public static Target gateway(TargetEnvironment env, String label, String topicPrefix, boolean workers,
                                 List<String> jvmOptions, Map<String, String> extraEnv) {
        return gateway(env, label, topicPrefix, workers, jvmOptions, extraEnv, 0);
    }

    /**
     * The same, with {@code spreadWebhooks} more webhooks per provider declared beside the two:
     * {@link PayloadFactory#spreadUid} 0 … n−1 of each, with the same sender and secret.
     */
    public static Target gateway(TargetEnvironment env, String label, String topicPrefix, boolean workers,
                                 List<String> jvmOptions, Map<String, String> extraEnv, int spreadWebhooks) {
        Path config = env.workDir().resolve(label + ".yaml");
        write(config, """
                # written by the benchmark: the webhooks the load generator signs for
                webhooks:
                  - webhookUid: %s
                    provider: whats91
                    senderId: "%s"
                    signingSecret: ${BENCH_WHATS91_SECRET}
                  - webhookUid: %s
                    provider: meta
                    senderId: "%s"
                    signingSecret: ${BENCH_META_SECRET}
                    verificationToken: bench-verify-token
                """.formatted(PayloadFactory.WHATS91_UID, PayloadFactory.WHATS91_SENDER, PayloadFactory.META_UID,
                PayloadFactory.META_SENDER) + spreadYaml(spreadWebhooks) + producerYaml(env.producer()));
        int port = freePort();
        Map<String, String> vars = new HashMap<>();
        vars.put("GATEWAY_CONFIG", config.toString());
        vars.put("GATEWAY_HTTP_HOST", "127.0.0.1");
        vars.put("GATEWAY_HTTP_PORT", Integer.toString(port));
        vars.put("GATEWAY_MANAGEMENT_PORT", Integer.toString(port)); // one port, as the floor server has
        vars.put("GATEWAY_KAFKA_BOOTSTRAP_SERVERS", env.kafkaBootstrap());
        vars.put("GATEWAY_KAFKA_TOPIC_PREFIX", topicPrefix);
        vars.put("GATEWAY_KAFKA_PARTITIONS", Integer.toString(env.partitions()));
        vars.put("GATEWAY_POSTGRES_URL", env.postgresUrl());
        vars.put("GATEWAY_POSTGRES_USER", env.postgresUser());
        vars.put("GATEWAY_POSTGRES_PASSWORD", env.postgresPassword());
        vars.put("GATEWAY_DATA_DIR", env.workDir().resolve(label + "-data").toString());
        vars.put("GATEWAY_WORKERS_ENABLED", Boolean.toString(workers));
        // event-loop stalls of 20 ms and more are logged, for the longest stall of each phase
        vars.put("GATEWAY_MANAGEMENT_EVENT_LOOP_WARNING", STALL_WARNING);
        // every gateway on one database needs the same key for webhook secrets; one fixed key per benchmark run
        vars.put("GATEWAY_SECRET_KEY", BENCH_SECRET_KEY);
        vars.put("BENCH_WHATS91_SECRET", env.whats91Secret());
        vars.put("BENCH_META_SECRET", env.metaSecret());
        vars.putAll(extraEnv);
        List<String> command = new ArrayList<>(List.of(env.java(), "-Xmx" + env.heap(),
                "-Xlog:gc:file=" + env.workDir().resolve(label + "-gc.log")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", env.jar().toString()));
        TargetProcess process = TargetProcess.start(label, command, vars, env.workDir().resolve(label + ".log"), port,
                "gateway started");
        Topics topics = new Topics(topicPrefix);
        List<String> eventTopics = new ArrayList<>();
        for (EventCategory category : EventCategory.values()) {
            eventTopics.add(topics.of(category));
        }
        return new Target(GATEWAY, process, List.of(topics.raw()), eventTopics, command, visible(vars));
    }

    /**
     * The floor in its own JVM with the same heap cap, writing to one topic of the same partition count, created
     * here before it starts.
     *
     * @param floorEnv extra {@code FLOOR_*} settings (event loops, key), applied last
     */
    public static Target floor(TargetEnvironment env, String label, String topic, List<String> jvmOptions,
                               Map<String, String> floorEnv) {
        createTopic(env.kafkaBootstrap(), topic, env.partitions());
        if (floorEnv.containsKey("FLOOR_SECOND_TOPIC")) {
            createTopic(env.kafkaBootstrap(), floorEnv.get("FLOOR_SECOND_TOPIC"), env.partitions());
        }
        int port = freePort();
        Map<String, String> vars = new HashMap<>();
        vars.put("FLOOR_PORT", Integer.toString(port));
        vars.put("FLOOR_BOOTSTRAP_SERVERS", env.kafkaBootstrap());
        vars.put("FLOOR_TOPIC", topic);
        if (!env.producer().isEmpty()) {
            vars.put("FLOOR_PRODUCER", String.join(",", env.producer().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        vars.put("FLOOR_WEBHOOKS", String.join(",",
                PayloadFactory.WHATS91_UID + "|" + PayloadFactory.whats91Header() + "||" + env.whats91Secret(),
                PayloadFactory.META_UID + "|" + PayloadFactory.metaHeader() + "|sha256=|" + env.metaSecret()));
        vars.putAll(floorEnv);
        List<String> command = new ArrayList<>(List.of(env.java(), "-Xmx" + env.heap(),
                "-Xlog:gc:file=" + env.workDir().resolve(label + "-gc.log")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", env.benchClasspath(), "dev.eventgateway.bench.floor.FloorServer"));
        TargetProcess process = TargetProcess.start(label, command, vars, env.workDir().resolve(label + ".log"), port,
                "floor listening");
        return new Target(FLOOR, process, List.of(topic), List.of(), command, visible(vars));
    }

    public String name() {
        return name;
    }

    /** The same server under another name in the results (e.g. {@link #GATEWAY_TRACED}). */
    public Target named(String newName) {
        return new Target(newName, process, bodyTopics, eventTopics, command, settings);
    }

    public int port() {
        return process.port();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public TargetProcess process() {
        return process;
    }

    /** Whether its log reports event-loop stalls (the gateways do, the floors do not). */
    public boolean reportsStalls() {
        return !eventTopics.isEmpty();
    }

    public boolean readsEventIds() {
        return !eventTopics.isEmpty();
    }

    public List<String> bodyTopics() {
        return bodyTopics;
    }

    public List<String> eventTopics() {
        return eventTopics;
    }

    /** The command line, for the report (the classpath shortened). */
    public List<String> command() {
        return command.stream().map(a -> a.length() > 200 ? a.substring(0, 60) + "…" : a).toList();
    }

    /** Its settings without secrets, for the report. */
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public void close() {
        process.close();
    }

    private static String spreadYaml(int perProvider) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < perProvider; i++) {
            yaml.append("  - webhookUid: ").append(PayloadFactory.spreadUid(PayloadFactory.WHATS91_UID, i))
                    .append("\n    provider: whats91\n    senderId: \"").append(PayloadFactory.WHATS91_SENDER)
                    .append("\"\n    signingSecret: ${BENCH_WHATS91_SECRET}\n");
            yaml.append("  - webhookUid: ").append(PayloadFactory.spreadUid(PayloadFactory.META_UID, i))
                    .append("\n    provider: meta\n    senderId: \"").append(PayloadFactory.META_SENDER)
                    .append("\"\n    signingSecret: ${BENCH_META_SECRET}\n    verificationToken: bench-verify-token\n");
        }
        return yaml.toString();
    }

    private static String producerYaml(Map<String, String> producer) {
        if (producer.isEmpty()) {
            return "";
        }
        StringBuilder yaml = new StringBuilder("kafka:\n  producer:\n");
        producer.forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        return yaml.toString();
    }

    private static Map<String, String> visible(Map<String, String> vars) {
        Map<String, String> out = new java.util.TreeMap<>();
        vars.forEach((k, v) -> out.put(k, k.contains("SECRET") || k.contains("PASSWORD") || k.equals("FLOOR_WEBHOOKS")
                ? "****" : v));
        return out;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createTopic(String bootstrap, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
