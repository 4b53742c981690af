package dev.eventgateway.worker;

import dev.eventgateway.observability.LogFields;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a {@link WorkerVerticle} does with one poll's records: writes them through its {@link RecordProcessor},
 * retrying, dead-lettering, and marking each record done in the {@link OffsetCommitter} only once it is written or in
 * the dead-letter topic (DESIGN §5).
 * <p>
 * Why batches: a transaction adds a BEGIN and a COMMIT round trip and a WAL flush to its statements, which for a
 * record of two or three statements more than doubles its cost; one transaction per record held the workers to about
 * a thousand rows a second. A batch pays that once for a whole poll. Its records are applied as one after another in
 * the order the consumer handed them over would be (each partition's in offset order; {@link
 * RecordProcessor#applyAll}, which may pipeline a statement for the whole poll in one round trip), so a record sees
 * the rows of the records before it as if each had had its own transaction.
 * <p>
 * Every record is first decoded and prepared ({@link Batch}); poison records (cannot be read, lack their keys) are
 * set aside, and the others are written in one transaction:
 * <ul>
 *   <li>it commits: the batch is settled in order — written records marked done, poison ones dead-lettered — so that
 *       an offset commit never covers a record that is neither;</li>
 *   <li>the database is unreachable: the same batch is retried with capped back-off for as long as it takes; the
 *       tries are not counted; readiness is down until a write succeeds again;</li>
 *   <li>any other failure ({@link WriteFailures}): the transaction does not tell which record failed, so the batch's
 *       records are handled again one per transaction, in order, and the failing one is found and handled alone; its
 *       attempts start then (the batch's try counts for no record).</li>
 * </ul>
 * One record alone (that fallback, or a batch with fewer than two records to write) is handled as follows:
 * <ul>
 *   <li>the database is unreachable: the same record is retried with capped back-off for as long as it takes; the
 *       attempts are not counted; readiness is down until a write succeeds again;</li>
 *   <li>the record fails: retried after {@link RetryPolicy} back-off up to its attempts, then dead-lettered;</li>
 *   <li>poison: dead-lettered at once.</li>
 * </ul>
 * If the dead-letter topic cannot be written either, that send is retried the same way; the record is never marked
 * done before it is somewhere. After {@link #stop()} nothing new is started: a transaction in flight may still commit
 * (and its records are marked done), a retry waiting on its timer is abandoned, and the records not done are left to
 * be redelivered.
 * <p>
 * Not thread-safe; used on its verticle's context (a worker thread, one at a time).
 *
 * @param <T> the event as the worker stores it
 */
final class BatchWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final Vertx vertx;
    private final RecordProcessor<T> processor;
    private final WorkerSetup setup;
    private final String worker;
    private final String instance;
    private final Pool pool;
    private final OffsetCommitter offsets;
    private final DeadLetterPublisher deadLetters;
    private final WriteSpans spans;
    private Promise<Void> waitingRetry;
    private long retryTimer = -1;
    private long outageSince = -1;
    private boolean stopping;

    /** @param instance the verticle instance, for readiness and logs */
    BatchWriter(Vertx vertx, RecordProcessor<T> processor, WorkerSetup setup, String instance, Pool pool,
                OffsetCommitter offsets, DeadLetterPublisher deadLetters) {
        this.vertx = vertx;
        this.processor = processor;
        this.setup = setup;
        this.worker = processor.worker();
        this.instance = instance;
        this.pool = pool;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.spans = new WriteSpans(setup.tracing(), worker, setup.workers().groupId(worker));
    }

    /**
     * Writes one poll's records.
     *
     * @return completes when every record is done (written or dead-lettered, and marked done); fails when a stop
     *         abandoned some of them, or on an unexpected failure (a bug), which leaves the records not done unmarked
     */
    Future<Void> write(List<KafkaConsumerRecord<Buffer, Buffer>> records) {
        setup.metrics().workerBatch(worker, records.size());
        return Future.<Void>succeededFuture().compose(v -> {
            Batch<T> batch = Batch.of(records, processor, setup.retry()::maxAttempts);
            // a single record to write shares nothing: it takes the one-record path, attempts counted from the first
            return batch.writable().size() < 2 ? oneByOne(batch.items(), 0) : writeBatch(batch, 0);
        });
    }

    /**
     * Starts nothing new: a retry waiting on its timer is cancelled (its records are abandoned: redelivered after the
     * restart) and the outage state is cleared. A write in flight may still finish.
     */
    void stop() {
        stopping = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
            waitingRetry.tryFail("worker stopping");
        }
        if (outageSince >= 0) {
            setup.metrics().workerOutage(worker, false);
            outageSince = -1;
        }
    }

    /** Writes the batch's good records in one transaction; {@code outageRetries} counts the waits for the DB. */
    private Future<Void> writeBatch(Batch<T> batch, int outageRetries) {
        List<Span> traced = spans.start(batch.writable());
        return pool.withTransaction(tx -> applyAll(tx, batch.writable().stream().map(Batch.Item::value).toList()))
                .transform(done -> {
                    spans.end(traced, done.cause());
                    return done.succeeded() ? batchWritten(batch) : batchFailed(batch, outageRetries, done.cause());
                });
    }

    /** Writes the values as one after another would: a record's statements may depend on the rows before it. */
    private Future<Void> applyAll(SqlConnection tx, List<T> values) {
        try {
            return processor.applyAll(tx, values);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> batchWritten(Batch<T> batch) {
        databaseReachable();
        setup.metrics().workerProcessed(worker, batch.writable().size());
        Instant committed = setup.clock().instant();
        batch.writable().forEach(item -> {
            setup.metrics().workerFreshness(worker, item.event().receivedAt(), committed);
            afterCommit(item);
        });
        return settle(batch.items(), 0);
    }

    /**
     * After the batch's transaction committed: marks the written records done and dead-letters the poison ones, in
     * the batch's order, so that an offset is marked only when every record before it in its partition is done — a
     * commit never covers a poison record still on its way to the dead-letter topic.
     */
    private Future<Void> settle(List<Batch.Item<T>> items, int from) {
        for (int i = from; i < items.size(); i++) {
            Batch.Item<T> item = items.get(i);
            if (item.poisoned()) {
                markDone(items.subList(from, i));
                int next = i + 1;
                return handle(item).compose(v -> settle(items, next));
            }
        }
        markDone(items.subList(from, items.size()));
        return Future.succeededFuture();
    }

    private void markDone(List<Batch.Item<T>> items) {
        if (!items.isEmpty()) {
            offsets.markDone(items.stream().map(Batch.Item::record).toList());
        }
    }

    private Future<Void> batchFailed(Batch<T> batch, int outageRetries, Throwable cause) {
        if (stopping) {
            return Future.failedFuture(cause);
        }
        return WriteFailures.classify(cause, () -> pool.query("SELECT 1").execute()).compose(kind -> {
            if (kind == WriteFailures.Kind.OUTAGE) {
                databaseUnreachable(cause);
                setup.metrics().workerRetried(worker, "outage", batch.writable().size());
                long delay = setup.retry().delayMillis(outageRetries + 1);
                return later(delay, () -> writeBatch(batch, outageRetries + 1));
            }
            databaseReachable();
            LOG.info("batch write failed, writing its records one at a time [worker: {}, records: {}, batch: {}, "
                    + "cause: {}]", worker, batch.items().size(), batch.describe(),
                    DeadLetterHeaders.error(cause));
            return oneByOne(batch.items(), 0);
        });
    }

    /**
     * The one-record path: each record in its own transaction, in order, the next once the one before is done. A stop
     * ends it between records; the records not done yet are redelivered after the restart.
     */
    private Future<Void> oneByOne(List<Batch.Item<T>> items, int index) {
        if (index == items.size()) {
            return Future.succeededFuture();
        }
        if (stopping) {
            return Future.failedFuture("worker stopping");
        }
        return handle(items.get(index)).compose(v -> oneByOne(items, index + 1));
    }

    private Future<Void> handle(Batch.Item<T> item) {
        if (item.poisoned()) {
            return deadLetter(item.record(), item.eventId(), item.poison(), 0, DeadLetterReason.POISON, 0);
        }
        return attempt(item, 1, 0);
    }

    /** Writes the record; {@code attempt} counts record failures only, {@code outageRetries} the waits for the DB. */
    private Future<Void> attempt(Batch.Item<T> job, int attempt, int outageRetries) {
        Span traced = spans.start(job);
        return pool.withTransaction(tx -> applyAll(tx, List.of(job.value())))
                .transform(done -> {
                    spans.end(traced, done.cause());
                    return done.succeeded() ? written(job, attempt) : failed(job, attempt, outageRetries, done.cause());
                });
    }

    private Future<Void> written(Batch.Item<T> job, int attempt) {
        databaseReachable();
        setup.metrics().workerProcessed(worker);
        setup.metrics().workerFreshness(worker, job.event().receivedAt(), setup.clock().instant());
        if (attempt > 1) {
            LogFields.event(LOG.atInfo(), job.eventId()).log("record applied after retries [worker: {}, eventId: {}, "
                    + "attempts: {}]", worker, job.eventId(), attempt);
        }
        afterCommit(job);
        offsets.markDone(job.record());
        return Future.succeededFuture();
    }

    private void afterCommit(Batch.Item<T> item) {
        try {
            processor.afterCommit(item.value());
        } catch (RuntimeException e) {
            LogFields.event(LOG.atWarn(), item.eventId()).setCause(e)
                    .log("after-commit step failed [worker: {}, eventId: {}]", worker, item.eventId());
        }
    }

    private Future<Void> failed(Batch.Item<T> job, int attempt, int outageRetries, Throwable cause) {
        if (stopping) {
            return Future.failedFuture(cause);
        }
        return WriteFailures.classify(cause, () -> pool.query("SELECT 1").execute()).compose(kind -> switch (kind) {
            case OUTAGE -> {
                databaseUnreachable(cause);
                setup.metrics().workerRetried(worker, "outage");
                long delay = setup.retry().delayMillis(outageRetries + 1);
                yield later(delay, () -> attempt(job, attempt, outageRetries + 1));
            }
            case POISON -> {
                databaseReachable();
                yield deadLetter(job.record(), job.event().id(), cause, attempt, DeadLetterReason.POISON, 0);
            }
            case RECORD -> {
                databaseReachable();
                if (attempt >= job.maxAttempts()) {
                    yield deadLetter(job.record(), job.event().id(), cause, attempt, DeadLetterReason.EXHAUSTED, 0);
                }
                long delay = setup.retry().delayMillis(attempt);
                LogFields.event(LOG.atWarn(), job.eventId()).log("record write failed, retrying [worker: {}, "
                        + "eventId: {}, attempt: {}, maxAttempts: {}, retryInMs: {}, cause: {}]", worker, job.event().id(), attempt, job.maxAttempts(), delay,
                        DeadLetterHeaders.error(cause));
                setup.metrics().workerRetried(worker, "record");
                yield later(delay, () -> attempt(job, attempt + 1, 0));
            }
        });
    }

    private Future<Void> deadLetter(KafkaConsumerRecord<Buffer, Buffer> record, String eventId, Throwable cause,
                                    int attempts, DeadLetterReason reason, int sendRetries) {
        return deadLetters.publish(record, eventId, cause, attempts, reason).transform(sent -> {
            if (sent.succeeded()) {
                LogFields.event(LOG.atWarn(), eventId).log("record dead-lettered [worker: {}, eventId: {}, topic: {}, "
                        + "partition: {}, offset: {}, reason: {}, attempts: {}, error: {}]", worker, eventId, record.topic(), record.partition(),
                        record.offset(), reason.tag(), attempts, DeadLetterHeaders.error(cause));
                setup.metrics().workerDeadLettered(worker, reason.tag());
                offsets.markDone(record);
                return Future.succeededFuture();
            }
            if (stopping) {
                return Future.failedFuture(sent.cause());
            }
            long delay = setup.retry().delayMillis(sendRetries + 1);
            LogFields.event(LOG.atWarn(), eventId).log("dead-letter topic not writable, retrying; the record stays "
                    + "uncommitted [worker: {}, eventId: {}, retryInMs: {}, cause: {}]", worker, eventId, delay, sent.cause().toString());
            return later(delay, () -> deadLetter(record, eventId, cause, attempts, reason, sendRetries + 1));
        });
    }

    /** Runs {@code next} after the delay (a timer: no busy loop); a stop cancels it and abandons the records. */
    private Future<Void> later(long delayMillis, Supplier<Future<Void>> next) {
        Promise<Void> promise = Promise.promise();
        waitingRetry = promise;
        retryTimer = vertx.setTimer(delayMillis, id -> {
            retryTimer = -1;
            waitingRetry = null;
            next.get().onComplete(promise);
        });
        return promise.future();
    }

    private void databaseUnreachable(Throwable cause) {
        if (outageSince < 0) {
            outageSince = System.nanoTime();
            setup.health().report(instance, worker + ": database unreachable");
            setup.metrics().workerOutage(worker, true);
            LOG.warn("database unreachable, worker paused; retrying the same records [worker: {}, instance: {}, "
                    + "cause: {}]", worker, instance, cause.toString());
        }
    }

    private void databaseReachable() {
        if (outageSince >= 0) {
            long pausedMs = (System.nanoTime() - outageSince) / 1_000_000;
            outageSince = -1;
            setup.health().clear(instance);
            setup.metrics().workerOutage(worker, false);
            LOG.info("database reachable again, worker resumed [worker: {}, instance: {}, pausedMs: {}]", worker,
                    instance, pausedMs);
        }
    }
}
