package dev.eventgateway.spool;

import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.publish.PublishFailures;
import dev.eventgateway.storage.spool.SpoolTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes spooled requests to Kafka in spool order and deletes each once Kafka acknowledged all its records. Every
 * gateway runs one; the table's advisory lock lets one drain at a time ({@link SpoolTable#drainOldest}). Each round
 * reads the spool's size (for the gauges, the bound and {@link SpoolState}), then, when it holds anything, drains the
 * oldest rows: sends their records through its own idempotent producer (the oldest row alone first, then the rest
 * pipelined, so per-partition order holds), waits for every acknowledgement on a worker thread, and deletes the rows
 * in the same transaction. A round
 * that fails deletes nothing and is retried after {@link #RETRY}: records Kafka took before the failure come again,
 * marked {@link EventHeaders#SPOOLED} like every drained record; event ids are deterministic, so workers collapse them.
 * A gateway killed mid-round loses its transaction and the lock with its connection; nothing is deleted.
 */
final class SpoolDrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDrainer.class);
    /** How often an empty (or another gateway's) spool is read. */
    static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int ROUND_ROWS = 500;
    private static final long ROUND_BYTES = 16L * 1024 * 1024;
    /** Bounds the wait for acknowledgements beyond the producer's own delivery timeout. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final SpoolTable table;
    private final SpoolState state;
    private final PgSpool spool;
    private final SpoolMetrics metrics;
    private final Supplier<Producer<String, byte[]>> producers;
    private volatile Producer<String, byte[]> producer;
    private volatile boolean closed;
    private long timer = -1;
    private boolean failing;

    SpoolDrainer(Vertx vertx, SpoolTable table, SpoolState state, PgSpool spool, SpoolMetrics metrics,
                 Supplier<Producer<String, byte[]>> producers) {
        this.vertx = vertx;
        this.table = table;
        this.state = state;
        this.spool = spool;
        this.metrics = metrics;
        this.producers = producers;
        this.producer = producers.get();
    }

    /** Runs the first round now; the rounds then follow one another on a Vert.x context. */
    SpoolDrainer start() {
        vertx.runOnContext(v -> round());
        return this;
    }

    private void round() {
        if (closed) {
            return;
        }
        long before = state.writesStarted();
        table.stats().compose(stats -> {
            metrics.read(stats);
            spool.sizeRead(stats.bytes());
            if (stats.requests() == 0) {
                state.leaveIfUnchangedSince(before);
                return Future.succeededFuture(new SpoolTable.Drained(false, 0));
            }
            state.markActive();
            return table.drainOldest(ROUND_ROWS, ROUND_BYTES, this::publish);
        }).onComplete(done -> {
            if (done.failed()) {
                if (!failing) {
                    LOG.warn("spool drain round failed; retrying [cause: {}]", String.valueOf(done.cause()));
                }
                failing = true;
                next(RETRY);
                return;
            }
            if (failing) {
                LOG.info("spool drain resumed");
                failing = false;
            }
            int rows = done.result().rows();
            if (rows > 0) {
                metrics.drained(rows);
                next(Duration.ZERO);
            } else {
                next(POLL);
            }
        });
    }

    private void next(Duration delay) {
        if (closed) {
            return;
        }
        if (delay.isZero()) {
            vertx.runOnContext(v -> round());
        } else {
            timer = vertx.setTimer(delay.toMillis(), id -> round());
        }
    }

    /**
     * Sends every record of the rows in order and waits for every acknowledgement, on a worker thread. The oldest row
     * goes alone first: while Kafka is away only its records wait in the producer, so that no later row's record can
     * land while an earlier one's expire (the producer keeps order within a partition across retries, not across a
     * record that timed out). A failed batch is waited out to its end before the round fails, so that none of its
     * records lands after the next round's.
     */
    private Future<Void> publish(List<SpoolTable.Spooled> rows) {
        return vertx.executeBlocking(() -> {
            Producer<String, byte[]> sending = producer;
            sendAndAwait(sending, rows.subList(0, 1));
            if (rows.size() > 1) {
                sendAndAwait(sending, rows.subList(1, rows.size()));
            }
            return null;
        }, false);
    }

    private void sendAndAwait(Producer<String, byte[]> sending, List<SpoolTable.Spooled> rows) {
        List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
        Throwable failure = null;
        try {
            for (SpoolTable.Spooled row : rows) {
                RecordHeader marked = new RecordHeader(EventHeaders.SPOOLED,
                        row.spooledAt().toString().getBytes(StandardCharsets.UTF_8));
                for (ProducerRecord<String, byte[]> record : SpoolCodec.decode(row.batch(), marked)) {
                    acks.add(sending.send(record));
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        long deadline = System.nanoTime() + ACK_WAIT.toNanos();
        for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null ? e : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
                break;
            }
        }
        if (failure != null) {
            retireIfFatal(sending, failure);
            throw new IllegalStateException("spooled records not acknowledged: " + failure, failure);
        }
    }

    private synchronized void retireIfFatal(Producer<String, byte[]> failed, Throwable cause) {
        if (PublishFailures.isFatal(cause) && failed == producer && !closed) {
            LOG.error("spool drainer's kafka producer failed fatally; a new one takes over [cause: {}]",
                    cause.toString());
            producer = producers.get();
            failed.close(Duration.ofSeconds(5));
        }
    }

    /** Stops the rounds; a round in progress finishes or fails on its own (its rows stay until a later one). */
    @Override
    public synchronized void close() {
        closed = true;
        vertx.cancelTimer(timer);
        producer.close(Duration.ofSeconds(5));
    }
}
