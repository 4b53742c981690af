package dev.eventgateway.embedded;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Clients and process checks shared by the embedded-server ITs. Every wait is bounded. */
final class EmbeddedTestSupport {

    /** Generous: a stopping broker may take its full shutdown limit (25 s) on a loaded machine. */
    static final Duration PROCESS_EXIT = Duration.ofSeconds(45);

    private EmbeddedTestSupport() {
    }

    /**
     * Sets the Kafka clients' loggers to WARN (the default logback configuration logs them at DEBUG) and returns
     * what puts the previous level back, so other test classes in the same JVM are unaffected.
     */
    static AutoCloseable quietKafkaClients() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Level previous = logger.getLevel();
        logger.setLevel(Level.WARN);
        return () -> logger.setLevel(previous);
    }

    static void createTopic(String bootstrap, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static void produce(String bootstrap, String topic, String key, String value)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads the topic from the start (or from the group's committed offset) as member of {@code groupId} until at
     * least {@code expected} records came, commits, and returns them.
     */
    static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, String groupId,
            int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return records.size() >= expected;
                    });
            consumer.commitSync(Duration.ofSeconds(30));
        }
        return records;
    }

    /** The offset {@code groupId} committed on partition 0 of {@code topic}, or -1 when none. */
    static long committedOffset(String bootstrap, String groupId, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    static void execute(EmbeddedPostgres pg, String... statements) throws SQLException {
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static List<String> queryStrings(EmbeddedPostgres pg, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Connection connect(EmbeddedPostgres pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    static boolean alive(long pid) {
        return Processes.isAlive(pid);
    }

    static void awaitGone(long... pids) {
        await().atMost(PROCESS_EXIT).pollInterval(Duration.ofMillis(100))
                .until(() -> Arrays.stream(pids).noneMatch(Processes::isAlive));
    }

    /** Broker JVMs running on {@code dataDir/kafka}. */
    static List<Long> brokerProcesses(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve("kafka");
        return Processes.allPids().stream().filter(pid -> EmbeddedKafka.isBrokerOf(pid, dir))
                .collect(Collectors.toList());
    }

    /** Postgres processes (postmaster and backends) running on {@code dataDir/postgres/data}. */
    static List<Long> postgresProcesses(Path dataDir) {
        Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres").resolve("data");
        return Processes.allPids().stream().filter(pid -> EmbeddedPostgres.isServerOf(pid, pgData))
                .collect(Collectors.toList());
    }

    /** Test clean-up: SIGKILL whatever of these is still alive, ignoring failures. */
    static void killQuietly(long... pids) {
        for (long pid : pids) {
            try {
                Processes.kill(pid);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Test clean-up: kills every broker and postgres process left on {@code dataDir}. */
    static void killServersOn(Path dataDir) {
        brokerProcesses(dataDir).forEach(EmbeddedTestSupport::killQuietly);
        postgresProcesses(dataDir).forEach(EmbeddedTestSupport::killQuietly);
    }

    /** The test JVM's classpath, for the parent JVMs that tests spawn. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String logbackConfig() throws URISyntaxException {
        URL url = EmbeddedTestSupport.class.getResource("/logback-embedded-it.xml");
        if (url == null) {
            throw new IllegalStateException("logback-embedded-it.xml is not on the test classpath");
        }
        return new File(url.toURI()).getPath();
    }
}
