package dev.eventgateway.support;

import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real Kafka and PostgreSQL for the integration tests, started apart from any gateway (so every gateway under test
 * runs in external mode against them). Where they come from is decided once, here.
 *
 * @param kafkaBootstrap e.g. {@code 127.0.0.1:41234}
 * @param postgresUrl    {@code postgresql://user:password@host:port/db}
 */
public record TestServers(String kafkaBootstrap, String postgresUrl, String jdbcUrl, String user, String password,
                          List<AutoCloseable> handles) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    public static TestServers start() {
        String kafka = System.getenv("GATEWAY_IT_KAFKA_BOOTSTRAP_SERVERS");
        String pg = System.getenv("GATEWAY_IT_POSTGRES_URL");
        if (kafka != null && pg != null) {
            LOG.warn("integration tests use external servers [kafka: {}, postgres: {}]", kafka, pg);
            var uri = java.net.URI.create(pg.replaceFirst("^jdbc:", ""));
            String[] userInfo = uri.getUserInfo() == null ? new String[]{"postgres", ""} : uri.getUserInfo().split(":", 2);
            return new TestServers(kafka, pg, "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                    userInfo[0], userInfo.length > 1 ? userInfo[1] : "", List.of());
        }
        if (Boolean.parseBoolean(System.getenv("GATEWAY_IT_TESTCONTAINERS")) && dockerAvailable()) {
            return containers();
        }
        return embedded();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static TestServers containers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        kafka.start();
        postgres.start();
        LOG.warn("integration tests use Testcontainers");
        return new TestServers(kafka.getBootstrapServers(),
                "postgresql://" + postgres.getUsername() + ":" + postgres.getPassword() + "@" + postgres.getHost()
                        + ":" + postgres.getFirstMappedPort() + "/" + postgres.getDatabaseName(),
                postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), List.of(kafka, postgres));
    }

    private static TestServers embedded() {
        Path dir = dataDir("servers");
        List<AutoCloseable> handles = new ArrayList<>();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        handles.add(kafka);
        EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0);
        handles.add(pg);
        return new TestServers(kafka.bootstrapServers(),
                "postgresql://" + pg.user() + ":" + pg.password() + "@" + pg.host() + ":" + pg.port() + "/" + pg.database(),
                pg.jdbcUrl(), pg.user(), pg.password(), handles);
    }

    /** A fresh directory under target/ for one test's data. */
    public static Path dataDir(String name) {
        try {
            Path base = Path.of(System.getProperty("gateway.it.dataDir", "target/it-data"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), name + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a test data directory", e);
        }
    }

    @Override
    public void close() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (Exception e) {
                LOG.warn("test server did not stop cleanly: {}", e.toString());
            }
        }
    }
}
