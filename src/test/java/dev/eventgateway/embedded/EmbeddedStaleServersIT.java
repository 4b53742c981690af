package dev.eventgateway.embedded;

import static dev.eventgateway.embedded.EmbeddedTestSupport.alive;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start on a data directory replaces whatever servers an earlier run left there: servers still running but owned
 * by nobody (their gateway crashed; here their handles are abandoned, which releases the directory without stopping
 * them), a postmaster killed with -9 (stale postmaster.pid), and an unclosed handle in this very process.
 */
@Timeout(240)
class EmbeddedStaleServersIT {

    private static AutoCloseable quiet;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void quietClients() {
        quiet = EmbeddedTestSupport.quietKafkaClients();
    }

    @AfterAll
    static void restoreLogging() throws Exception {
        quiet.close();
    }

    @AfterEach
    void killLeftovers() {
        EmbeddedTestSupport.killServersOn(dataDir);
    }

    @Test
    void replacesServersLeftRunningByACrashedRun() throws Exception {
        EmbeddedKafka staleKafka = EmbeddedKafka.start(dataDir, 0);
        EmbeddedPostgres stalePostgres = EmbeddedPostgres.start(dataDir, 0);
        long[] stalePids = {staleKafka.pid(), stalePostgres.pid()};
        staleKafka.abandon();
        stalePostgres.abandon();
        try {
            assertThat(alive(stalePids[0])).isTrue();
            assertThat(alive(stalePids[1])).isTrue();

            try (EmbeddedServers servers = EmbeddedServers.start(true, true, dataDir, 0, 0)) {
                EmbeddedKafka kafka = servers.kafka().orElseThrow();
                EmbeddedPostgres pg = servers.postgres().orElseThrow();
                assertThat(alive(stalePids[0])).as("stale broker").isFalse();
                assertThat(alive(stalePids[1])).as("stale postmaster").isFalse();
                assertThat(EmbeddedTestSupport.brokerProcesses(dataDir)).containsExactly(kafka.pid());
                assertThat(EmbeddedTestSupport.postgresProcesses(dataDir)).contains(pg.pid())
                        .doesNotContain(stalePids[1]);

                EmbeddedTestSupport.createTopic(kafka.bootstrapServers(), "it.embedded.stale");
                EmbeddedTestSupport.produce(kafka.bootstrapServers(), "it.embedded.stale", "k", "v");
                assertThat(EmbeddedTestSupport.queryStrings(pg, "SELECT 1")).containsExactly("1");
            }
        } finally {
            EmbeddedTestSupport.killQuietly(stalePids);
        }
    }

    @Test
    void startsAfterThePostmasterWasKilled() throws Exception {
        EmbeddedPostgres crashed = EmbeddedPostgres.start(dataDir, 0);
        EmbeddedTestSupport.execute(crashed, "CREATE TABLE it_embedded_crash (id int)",
                "INSERT INTO it_embedded_crash VALUES (7)");
        long pid = crashed.pid();
        crashed.abandon();
        assertThat(Processes.kill(pid)).isTrue();
        assertThat(crashed.dataDirectory().resolve("postmaster.pid")).exists();

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            assertThat(EmbeddedTestSupport.queryStrings(pg, "SELECT id FROM it_embedded_crash"))
                    .containsExactly("7");
        }
        assertThat(Files.exists(dataDir.resolve("postgres/data/postmaster.pid"))).isFalse();
    }

    @Test
    void aSecondStartInTheSameProcessClosesTheUnclosedFirst() throws Exception {
        EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, 0);
        try (EmbeddedPostgres second = EmbeddedPostgres.start(dataDir, 0)) {
            assertThat(alive(first.pid())).isFalse();
            assertThat(EmbeddedTestSupport.queryStrings(second, "SELECT 1")).containsExactly("1");
        } finally {
            first.close();
        }
    }
}
