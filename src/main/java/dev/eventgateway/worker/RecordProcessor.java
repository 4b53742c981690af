package dev.eventgateway.worker;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * What one worker does with one canonical event; {@link WorkerVerticle} does the consuming, retrying, committing and
 * dead-lettering around it. Implementations are stateless and called on the worker verticle's context (a worker
 * thread, one call at a time).
 *
 * @param <T> the event as this worker stores it
 */
public interface RecordProcessor<T> {

    /** The worker's name: its consumer group suffix, its dead-letter topic and its metrics tag. */
    String worker();

    /** The events it consumes; their topic is its source. */
    EventCategory source();

    /** Every category it consumes, its {@link #source()} first; each is one topic it subscribes to. */
    default List<EventCategory> sources() {
        return List.of(source());
    }

    /**
     * Turns the event into what is written. Pure: no I/O.
     *
     * @throws PoisonRecordException when the event lacks what this worker needs, so it can never be applied
     */
    T prepare(WebhookEvent event);

    /**
     * Writes the values — a poll's, or a single one when a record is retried alone — inside the caller's
     * transaction, leaving the database as writing each value in order would. Must be idempotent: writing the same
     * event again (a Kafka redelivery, a provider's retry) leaves the database as it was after the first time. The
     * future fails with the database's error when a statement fails; the caller rolls back.
     */
    Future<Void> applyAll(SqlConnection tx, List<T> values);

    /** Runs after the transaction committed, on the worker's context; must not fail. Default: nothing. */
    default void afterCommit(T value) {
    }
}
