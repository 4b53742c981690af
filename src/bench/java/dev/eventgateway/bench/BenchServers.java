package dev.eventgateway.bench;

import dev.eventgateway.embedded.EmbeddedKafka;
import dev.eventgateway.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Kafka and PostgreSQL for the whole run, started once and shared by every round: the project's own embedded
 * servers (a broker JVM of its own, real PostgreSQL binaries), or the addresses given on the command line.
 */
final class BenchServers implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final String kafkaBootstrap;
    private final String postgresUrl;
    private final String postgresUser;
    private final String postgresPassword;

    private BenchServers(EmbeddedKafka kafka, EmbeddedPostgres postgres, String kafkaBootstrap, String postgresUrl,
                         String postgresUser, String postgresPassword) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.kafkaBootstrap = kafkaBootstrap;
        this.postgresUrl = postgresUrl;
        this.postgresUser = postgresUser;
        this.postgresPassword = postgresPassword;
    }

    static BenchServers start(BenchOptions options, Path dataDir) {
        EmbeddedKafka kafka = options.kafka() == null ? EmbeddedKafka.start(dataDir, 0) : null;
        EmbeddedPostgres postgres = null;
        try {
            postgres = options.postgres() == null ? EmbeddedPostgres.start(dataDir, 0) : null;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
        return new BenchServers(kafka, postgres,
                kafka != null ? kafka.bootstrapServers() : options.kafka(),
                postgres != null ? postgres.jdbcUrl() : options.postgres(),
                postgres != null ? postgres.user() : options.postgresUser(),
                postgres != null ? nullToEmpty(postgres.password()) : options.postgresPassword());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    String postgresUrl() {
        return postgresUrl;
    }

    String postgresUser() {
        return postgresUser;
    }

    String postgresPassword() {
        return postgresPassword;
    }

    /** The broker's process, when it is the embedded one (for its CPU time). */
    OptionalLong kafkaPid() {
        return kafka == null ? OptionalLong.empty() : OptionalLong.of(kafka.pid());
    }

    /** PostgreSQL's postmaster, when it is the embedded one. */
    OptionalLong postgresPid() {
        return postgres == null ? OptionalLong.empty() : OptionalLong.of(postgres.pid());
    }

    String description() {
        return (kafka != null ? "embedded Kafka (child JVM, -Xmx512m, KRaft single node) at " : "Kafka at ")
                + kafkaBootstrap + "; " + (postgres != null ? "embedded PostgreSQL 17 at " : "PostgreSQL at ")
                + postgresUrl;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
