package dev.eventgateway.embedded;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of the embedded single-node mode: a Kafka broker and/or a PostgreSQL server with their data under one
 * data directory ({@code dataDir/kafka}, {@code dataDir/postgres}). Both are started in parallel, their addresses
 * logged at INFO so that a consumer or {@code psql} can attach, and stopped by {@link #close()}, Kafka first.
 */
public final class EmbeddedServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;

    private EmbeddedServers(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts the requested servers with the default broker heap; see
     * {@link #start(boolean, boolean, Path, int, int, String)}.
     */
    public static EmbeddedServers start(boolean kafka, boolean postgres, Path dataDir, int kafkaPort, int pgPort) {
        return start(kafka, postgres, dataDir, kafkaPort, pgPort, EmbeddedKafka.DEFAULT_MAX_HEAP);
    }

    /**
     * Starts the requested servers, in parallel when both are asked for, and returns when both serve requests.
     * Blocking (seconds; at most about a minute); call it from {@code main} before any traffic.
     *
     * @param kafka        whether to start the Kafka broker
     * @param postgres     whether to start PostgreSQL
     * @param dataDir      the gateway's data directory; created if missing
     * @param kafkaPort    the broker's client port on 127.0.0.1, 0 for a free one
     * @param pgPort       PostgreSQL's port on 127.0.0.1, 0 for a free one
     * @param kafkaMaxHeap the broker JVM's maximum heap ({@code -Xmx} syntax)
     * @throws EmbeddedServerException when a server cannot be started; whatever did start is stopped again
     */
    public static EmbeddedServers start(boolean kafka, boolean postgres, Path dataDir, int kafkaPort, int pgPort,
            String kafkaMaxHeap) {
        long started = System.nanoTime();
        FutureTask<EmbeddedPostgres> postgresStart = null;
        if (postgres) {
            postgresStart = new FutureTask<>(() -> EmbeddedPostgres.start(dataDir, pgPort));
            if (kafka) {
                Thread thread = new Thread(postgresStart, "embedded-postgres-start");
                thread.setDaemon(true);
                thread.start();
            } else {
                postgresStart.run();
            }
        }
        EmbeddedKafka startedKafka = null;
        RuntimeException failure = null;
        if (kafka) {
            try {
                startedKafka = EmbeddedKafka.start(dataDir, kafkaPort, kafkaMaxHeap);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        EmbeddedPostgres startedPostgres = null;
        boolean interrupted = false;
        if (postgresStart != null) {
            // the start in the other thread runs to its (bounded) end either way; its result must be closed or kept
            while (true) {
                try {
                    startedPostgres = postgresStart.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException
                            ? (RuntimeException) e.getCause()
                            : new EmbeddedServerException("embedded postgres could not be started", e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                }
            }
        }
        if (interrupted && failure == null) {
            failure = new EmbeddedServerException("interrupted while starting the embedded servers");
        }
        if (failure != null) {
            new EmbeddedServers(startedKafka, startedPostgres).close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        }
        EmbeddedServers servers = new EmbeddedServers(startedKafka, startedPostgres);
        if (startedKafka != null) {
            LOG.info("embedded kafka listening [bootstrap: {}, dataDir: {}]", startedKafka.bootstrapServers(),
                    startedKafka.directory());
        }
        if (startedPostgres != null) {
            LOG.info("embedded postgres listening [url: {}, user: {}, dataDir: {}]", startedPostgres.jdbcUrl(),
                    startedPostgres.user(), startedPostgres.dataDirectory());
        }
        LOG.info("embedded servers started [took: {} ms]", ServerFiles.millisSince(started));
        return servers;
    }

    /** The broker, when it was asked for. */
    public Optional<EmbeddedKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    /** PostgreSQL, when it was asked for. */
    public Optional<EmbeddedPostgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    /**
     * Stops Kafka, then PostgreSQL. Blocking (normally a second or two, bounded by each server's stop limit);
     * idempotent; never throws.
     */
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
