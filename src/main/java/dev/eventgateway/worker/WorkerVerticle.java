package dev.eventgateway.worker;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One consumer of a worker's group (DESIGN §5): reads the worker's topic one record at a time, applies each record in
 * a PostgreSQL transaction through its {@link RecordProcessor}, and commits the record's offset only once that
 * transaction committed — or once the record is in the dead-letter topic. Delivery is at-least-once; the processors'
 * idempotent writes make it exactly-once in effect.
 * <p>
 * The consumer stream is paused while a record is in hand, so a failing record holds back the records behind it (no
 * skipping, no reordering within a partition) and nothing is fetched meanwhile (no busy loop). A failed write is
 * classified by {@link WriteFailures}:
 * <ul>
 *   <li>the database is unreachable: the same record is retried with capped back-off for as long as it takes; the
 *       attempts are not counted; readiness is down until a write succeeds again;</li>
 *   <li>the record fails: retried after {@link RetryPolicy} back-off up to its attempts, then dead-lettered;</li>
 *   <li>poison (cannot be read, lacks its keys): dead-lettered at once.</li>
 * </ul>
 * If the dead-letter topic cannot be written either, that send is retried the same way; the record is never
 * committed before it is somewhere. On stop, the write in hand may finish (bounded by the stop timeout) and finished
 * records are committed; a record waiting for a retry is left uncommitted and is redelivered after the restart.
 * <p>
 * Not thread-safe; every callback runs on this verticle's event loop.
 */
public final class WorkerVerticle<T> extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** One pool and one dead-letter producer for all worker verticles of the process. */
    public static final String SHARED_NAME = "gateway-workers";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final RecordProcessor<T> processor;
    private final WorkerSetup setup;
    private final String worker;
    private final String instance;

    private KafkaConsumer<Buffer, Buffer> consumer;
    private KafkaProducer<Buffer, Buffer> producer;
    private Pool pool;
    private OffsetCommitter offsets;
    private DeadLetterPublisher deadLetters;
    /** The record in hand until it is done (written or dead-lettered) or abandoned by a stop. */
    private Future<Void> inHand = Future.succeededFuture();
    private Promise<Void> waitingRetry;
    private long retryTimer = -1;
    private long outageSince = -1;
    private boolean stopping;

    public WorkerVerticle(RecordProcessor<T> processor, WorkerSetup setup) {
        this.processor = processor;
        this.setup = setup;
        this.worker = processor.worker();
        this.instance = worker + "#" + INSTANCES.incrementAndGet();
    }

    @Override
    public Future<?> start() {
        String topic = setup.topics().of(processor.source());
        String group = setup.workers().groupId(worker);
        pool = PgPools.shared(vertx, setup.postgres(), SHARED_NAME);
        producer = KafkaProducer.createShared(vertx, SHARED_NAME, setup.kafka().producerProperties(), Buffer.class,
                Buffer.class);
        deadLetters = new DeadLetterPublisher(producer, setup.topics().deadLetters(worker), worker);
        consumer = KafkaConsumer.create(vertx, setup.kafka().consumerProperties(group), Buffer.class, Buffer.class);
        offsets = new OffsetCommitter(consumer, worker);
        consumer.partitionsAssignedHandler(partitions -> LOG.info("partitions assigned [worker: {}, instance: {}, "
                + "partitions: {}]", worker, instance, numbers(partitions)));
        consumer.partitionsRevokedHandler(partitions -> LOG.info("partitions revoked [worker: {}, instance: {}, "
                + "partitions: {}]", worker, instance, numbers(partitions)));
        consumer.exceptionHandler(err -> LOG.warn("kafka consumer error [worker: {}, instance: {}, cause: {}]", worker,
                instance, err.toString()));
        consumer.handler(this::onRecord);
        return consumer.subscribe(topic).onSuccess(v -> LOG.info("worker started [worker: {}, instance: {}, topic: {}, "
                + "group: {}]", worker, instance, topic, group));
    }

    private void onRecord(KafkaConsumerRecord<Buffer, Buffer> record) {
        consumer.pause();
        if (stopping) {
            return; // never resumed: the record is redelivered after the restart
        }
        inHand = Future.<Void>succeededFuture().compose(v -> handle(record));
        inHand.onComplete(done -> {
            if (stopping) {
                return;
            }
            if (done.succeeded()) {
                consumer.resume();
            } else {
                halt(record, done.cause());
            }
        });
    }

    private Future<Void> handle(KafkaConsumerRecord<Buffer, Buffer> record) {
        WebhookEvent event;
        T value;
        try {
            event = RecordDecoder.decode(record.value(), processor.source());
        } catch (PoisonRecordException e) {
            return deadLetter(record, null, e, 0, DeadLetterReason.POISON, 0);
        }
        try {
            value = processor.prepare(event);
        } catch (PoisonRecordException e) {
            return deadLetter(record, event.id(), e, 0, DeadLetterReason.POISON, 0);
        }
        return attempt(new Job<>(record, event, value, setup.retry().maxAttempts(event.webhookUid())), 1, 0);
    }

    /** Writes the record; {@code attempt} counts record failures only, {@code outageRetries} the waits for the DB. */
    private Future<Void> attempt(Job<T> job, int attempt, int outageRetries) {
        return pool.withTransaction(tx -> apply(tx, job.value()))
                .transform(done -> done.succeeded() ? written(job, attempt)
                        : failed(job, attempt, outageRetries, done.cause()));
    }

    private Future<Void> apply(SqlConnection tx, T value) {
        try {
            return processor.apply(tx, value);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> written(Job<T> job, int attempt) {
        databaseReachable();
        setup.metrics().workerProcessed(worker);
        if (attempt > 1) {
            LOG.info("record applied after retries [worker: {}, eventId: {}, attempts: {}]", worker, job.event().id(),
                    attempt);
        }
        try {
            processor.afterCommit(job.value());
        } catch (RuntimeException e) {
            LOG.warn("after-commit step failed [worker: {}, eventId: {}]", worker, job.event().id(), e);
        }
        offsets.markDone(job.record());
        return Future.succeededFuture();
    }

    private Future<Void> failed(Job<T> job, int attempt, int outageRetries, Throwable cause) {
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
                LOG.warn("record write failed, retrying [worker: {}, eventId: {}, attempt: {}, maxAttempts: {}, "
                        + "retryInMs: {}, cause: {}]", worker, job.event().id(), attempt, job.maxAttempts(), delay,
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
                LOG.warn("record dead-lettered [worker: {}, eventId: {}, topic: {}, partition: {}, offset: {}, "
                        + "reason: {}, attempts: {}, error: {}]", worker, eventId, record.topic(), record.partition(),
                        record.offset(), reason.tag(), attempts, DeadLetterHeaders.error(cause));
                setup.metrics().workerDeadLettered(worker, reason.tag());
                offsets.markDone(record);
                return Future.succeededFuture();
            }
            if (stopping) {
                return Future.failedFuture(sent.cause());
            }
            long delay = setup.retry().delayMillis(sendRetries + 1);
            LOG.warn("dead-letter topic not writable, retrying; the record stays uncommitted [worker: {}, "
                    + "eventId: {}, retryInMs: {}, cause: {}]", worker, eventId, delay, sent.cause().toString());
            return later(delay, () -> deadLetter(record, eventId, cause, attempts, reason, sendRetries + 1));
        });
    }

    /** Runs {@code next} after the delay (a timer: no busy loop); a stop cancels it and abandons the record. */
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
            LOG.warn("database unreachable, worker paused; retrying the same record [worker: {}, instance: {}, "
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

    /**
     * An unexpected failure left the record neither written nor dead-lettered. Resuming would let a later commit
     * cover it (a silent skip), so this instance stops consuming instead: it leaves the group, its partitions move to
     * other instances (which redeliver the record), and readiness reports it.
     */
    private void halt(KafkaConsumerRecord<Buffer, Buffer> record, Throwable cause) {
        LOG.error("worker halted on an unexpected failure; the record stays uncommitted [worker: {}, instance: {}, "
                + "topic: {}, partition: {}, offset: {}]", worker, instance, record.topic(), record.partition(),
                record.offset(), cause);
        setup.health().report(instance, worker + ": halted on an unexpected error");
        stopping = true;
        offsets.drain().eventually(this::closeConsumer);
    }

    @Override
    public Future<?> stop() {
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
        setup.health().clear(instance);
        // the write in hand may finish so that its offset is committed; past the timeout it is redelivered instead
        return inHand.otherwiseEmpty()
                .timeout(setup.stopTimeout().toMillis(), TimeUnit.MILLISECONDS).otherwiseEmpty()
                .compose(v -> offsets.drain())
                .eventually(this::closeConsumer)
                .eventually(() -> producer.close())
                .eventually(() -> pool.close())
                .onComplete(done -> LOG.info("worker stopped [worker: {}, instance: {}]", worker, instance));
    }

    /**
     * Leaves the group. Bounded: while the group waits in a rebalance (e.g. for a killed member's session to expire)
     * Kafka's close waits for the pending join for up to 30 s; the offsets are committed already, so the stop need
     * not wait for that — the close finishes on the consumer's own thread.
     */
    private Future<Void> closeConsumer() {
        return consumer.close().timeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).recover(err -> {
            LOG.warn("kafka consumer did not close in time; it leaves its group in the background [worker: {}, "
                    + "instance: {}, cause: {}]", worker, instance, err.toString());
            return Future.succeededFuture();
        });
    }

    private static List<Integer> numbers(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::getPartition).sorted().toList();
    }

    /** A record in hand: where it came from, what it is, and how many attempts it gets. */
    private record Job<T>(KafkaConsumerRecord<Buffer, Buffer> record, WebhookEvent event, T value, int maxAttempts) {
    }
}
