package dev.eventgateway.embedded;

import static dev.eventgateway.embedded.EmbeddedTestSupport.alive;
import static dev.eventgateway.embedded.EmbeddedTestSupport.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servers belong to the JVM that started them: a separate parent JVM starts them and is killed with -9, and
 * they must go away by themselves (broker: stdin end-of-file; postgres: the watchdog); while the parent lives, its
 * data directory is refused to anyone else.
 */
@Timeout(240)
class EmbeddedParentKillIT {

    private static AutoCloseable quiet;

    @TempDir
    Path dataDir;

    private Process parent;

    @BeforeAll
    static void quietClients() {
        quiet = EmbeddedTestSupport.quietKafkaClients();
    }

    @AfterAll
    static void restoreLogging() throws Exception {
        quiet.close();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (parent != null) {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
        EmbeddedTestSupport.killServersOn(dataDir);
    }

    @Test
    void serversStopByThemselvesWhenTheParentIsKilled() throws Exception {
        Ready ready = startParent("kafka,postgres");
        assertThat(alive(ready.kafkaPid)).isTrue();
        assertThat(alive(ready.postgresPid)).isTrue();
        EmbeddedTestSupport.createTopic(ready.bootstrap, "it.embedded.parent");

        parent.destroyForcibly();
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        awaitGone(ready.kafkaPid, ready.postgresPid);
        await().atMost(EmbeddedTestSupport.PROCESS_EXIT)
                .until(() -> EmbeddedTestSupport.postgresProcesses(dataDir).isEmpty());
        assertThat(EmbeddedTestSupport.brokerProcesses(dataDir)).isEmpty();

        // and the next gateway start on the directory works and finds the data
        try (EmbeddedServers servers = EmbeddedServers.start(true, true, dataDir, 0, 0)) {
            String bootstrap = servers.kafka().orElseThrow().bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("it.embedded.parent");
            }
            assertThat(EmbeddedTestSupport.queryStrings(servers.postgres().orElseThrow(), "SELECT 1"))
                    .containsExactly("1");
        }
    }

    @Test
    void aDataDirectoryInUseByALiveProcessIsRefused() throws Exception {
        Ready ready = startParent("postgres");

        assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, 0))
                .isInstanceOf(EmbeddedServerException.class)
                .hasMessageContaining("in use by another running process")
                .hasMessageContaining("pid " + parent.pid());
        assertThat(alive(ready.postgresPid)).as("the live owner's server is left alone").isTrue();
    }

    private Ready startParent(String servers) throws Exception {
        Path output = dataDir.resolve("parent.out");
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(EmbeddedTestSupport.javaBinary(), "-Xmx128m",
                "-Dlogback.configurationFile=" + EmbeddedTestSupport.logbackConfig(),
                "-cp", EmbeddedTestSupport.classpath(), EmbeddedParentMain.class.getName(), dataDir.toString(),
                servers)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        parent = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> readyLine(output).isPresent() || !parent.isAlive());
        Optional<String> line = readyLine(output);
        assertThat(line).as("parent JVM output:%n%s", Files.readString(output)).isPresent();
        String[] parts = line.get().split(" ");
        return new Ready(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
    }

    private static Optional<String> readyLine(Path output) throws IOException {
        if (!Files.exists(output)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return lines.stream().filter(l -> l.startsWith("READY ")).findFirst();
    }

    private static final class Ready {
        final long kafkaPid;
        final long postgresPid;
        final String bootstrap;

        Ready(long kafkaPid, long postgresPid, String bootstrap) {
            this.kafkaPid = kafkaPid;
            this.postgresPid = postgresPid;
            this.bootstrap = bootstrap;
        }
    }
}
