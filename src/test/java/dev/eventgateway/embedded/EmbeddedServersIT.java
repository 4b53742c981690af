package dev.eventgateway.embedded;

import static dev.eventgateway.embedded.EmbeddedTestSupport.alive;
import static dev.eventgateway.embedded.EmbeddedTestSupport.awaitGone;
import static dev.eventgateway.embedded.EmbeddedTestSupport.committedOffset;
import static dev.eventgateway.embedded.EmbeddedTestSupport.consume;
import static dev.eventgateway.embedded.EmbeddedTestSupport.createTopic;
import static dev.eventgateway.embedded.EmbeddedTestSupport.execute;
import static dev.eventgateway.embedded.EmbeddedTestSupport.produce;
import static dev.eventgateway.embedded.EmbeddedTestSupport.queryStrings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Both servers for real: start on free ports, use them with real clients, stop, start again, data still there. */
@Timeout(240)
class EmbeddedServersIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServersIT.class);
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
    void serversWorkAndKeepTheirDataAcrossRestarts() throws Exception {
        String topic = "it.embedded.events";
        String group = "it-embedded-group";
        long kafkaPid;
        long postgresPid;

        long firstStart = System.nanoTime();
        try (EmbeddedServers servers = EmbeddedServers.start(true, true, dataDir, 0, 0)) {
            LOG.info("first start (fresh data dir) [took: {} ms]", ServerFiles.millisSince(firstStart));
            EmbeddedKafka kafka = servers.kafka().orElseThrow();
            EmbeddedPostgres pg = servers.postgres().orElseThrow();
            kafkaPid = kafka.pid();
            postgresPid = pg.pid();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(pg.host()).isEqualTo("127.0.0.1");
            assertThat(List.of(pg.database(), pg.user())).containsExactly("postgres", "postgres");
            assertThat(pg.password()).isEqualTo(EmbeddedPostgres.password(dataDir)).hasSizeGreaterThanOrEqualTo(32);

            createTopic(kafka.bootstrapServers(), topic);
            produce(kafka.bootstrapServers(), topic, "k1", "first record");
            List<ConsumerRecord<String, String>> read = consume(kafka.bootstrapServers(), topic, group, 1);
            assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("k1", "first record"));

            execute(pg, "CREATE TABLE it_embedded (id int PRIMARY KEY, note text NOT NULL)",
                    "INSERT INTO it_embedded VALUES (1, 'kept across restarts')");
            assertThat(queryStrings(pg, "SELECT current_setting('listen_addresses')")).containsExactly("127.0.0.1");
        }
        assertThat(alive(kafkaPid)).as("broker JVM after close").isFalse();
        awaitGone(postgresPid);
        assertThat(EmbeddedTestSupport.brokerProcesses(dataDir)).isEmpty();
        assertThat(EmbeddedTestSupport.postgresProcesses(dataDir)).isEmpty();

        long restart = System.nanoTime();
        try (EmbeddedServers servers = EmbeddedServers.start(true, true, dataDir, 0, 0)) {
            LOG.info("restart (same data dir) [took: {} ms]", ServerFiles.millisSince(restart));
            EmbeddedKafka kafka = servers.kafka().orElseThrow();
            EmbeddedPostgres pg = servers.postgres().orElseThrow();

            assertThat(committedOffset(kafka.bootstrapServers(), group, topic)).isEqualTo(1);
            List<ConsumerRecord<String, String>> again = consume(kafka.bootstrapServers(), topic,
                    "it-embedded-second-group", 1);
            assertThat(again).extracting(ConsumerRecord::value).containsExactly("first record");
            produce(kafka.bootstrapServers(), topic, "k2", "after restart");
            assertThat(consume(kafka.bootstrapServers(), topic, group, 1)).extracting(ConsumerRecord::value)
                    .containsExactly("after restart");

            assertThat(queryStrings(pg, "SELECT note FROM it_embedded WHERE id = 1"))
                    .containsExactly("kept across restarts");
        }
        assertThat(EmbeddedTestSupport.brokerProcesses(dataDir)).isEmpty();
        awaitGone(EmbeddedTestSupport.postgresProcesses(dataDir).stream().mapToLong(Long::longValue).toArray());
    }

    @Test
    void startsOnlyWhatIsAskedFor() throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(false, true, dataDir, 0, 0)) {
            assertThat(servers.kafka()).isEmpty();
            EmbeddedPostgres pg = servers.postgres().orElseThrow();
            assertThat(queryStrings(pg, "SELECT 1")).containsExactly("1");
        }
        assertThat(EmbeddedTestSupport.brokerProcesses(dataDir)).isEmpty();
    }
}
