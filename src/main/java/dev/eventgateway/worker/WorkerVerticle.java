package dev.eventgateway.worker;

import dev.eventgateway.storage.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumer of a worker's group (DESIGN §5): reads the worker's topic a poll at a time — a batch of up to
 * {@code max.poll.records} records — and hands each batch to its {@link BatchWriter}, which writes the records through
 * the worker's {@link RecordProcessor} (one PostgreSQL transaction for the batch when it can) and marks each record
 * done once it is written or in the dead-letter topic; the {@link OffsetCommitter} commits the offsets of records
 * done and nothing else. Delivery is at-least-once; the processors' idempotent writes make it exactly-once in effect.
 * <p>
 * The consumer stream is paused while a batch is in hand, so a failing record holds back the records behind it (no
 * skipping, no reordering within a partition) and nothing is fetched meanwhile (no busy loop, and no rebalance, which
 * happens only inside a poll). On stop, the write in hand may finish (bounded by the stop timeout) and finished
 * records are committed; records waiting for a retry, and records of the batch not written yet, are left uncommitted
 * and are redelivered after the restart. An unexpected failure halts the consumer rather than let a later commit cover
 * a record that is not done.
 * <p>
 * A worker verticle (Vert.x's {@code ThreadingModel.WORKER}): every callback runs on its context, one at a time, on a
 * worker thread, so a poll's decoding never delays the event loops that answer providers. Not thread-safe.
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
    private AutoCloseable clientMetrics = () -> { };
    private KafkaProducer<Buffer, Buffer> producer;
    private Pool pool;
    private OffsetCommitter offsets;
    private BatchWriter<T> writer;
    /** The batch in hand until every record of it is done (written or dead-lettered) or abandoned by a stop. */
    private Future<Void> inHand = Future.succeededFuture();
    private boolean stopping;

    public WorkerVerticle(RecordProcessor<T> processor, WorkerSetup setup) {
        this.processor = processor;
        this.setup = setup;
        this.worker = processor.worker();
        this.instance = worker + "#" + INSTANCES.incrementAndGet();
    }

    @Override
    public Future<?> start() {
        Set<String> topics = new LinkedHashSet<>();
        processor.sources().forEach(category -> topics.add(setup.topics().of(category)));
        String group = setup.workers().groupId(worker);
        setup.metrics().workerStarted(worker);
        pool = PgPools.shared(vertx, setup.postgres(), SHARED_NAME);
        producer = KafkaProducer.createShared(vertx, SHARED_NAME, setup.kafka().producerProperties(), Buffer.class,
                Buffer.class);
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, setup.topics().deadLetters(worker), worker,
                setup.clock());
        consumer = KafkaConsumer.create(vertx, setup.kafka().consumerProperties(group), Buffer.class, Buffer.class);
        // the client's own metrics (kafka_consumer_*: records-lag-max, fetch and commit rates), unbound on close
        clientMetrics = setup.metrics().kafkaClient(consumer.unwrap(), "worker-" + worker);
        offsets = new OffsetCommitter(consumer, worker);
        writer = new BatchWriter<>(vertx, processor, setup, instance, pool, offsets, deadLetters);
        consumer.partitionsAssignedHandler(partitions -> LOG.info("partitions assigned [worker: {}, instance: {}, "
                + "partitions: {}]", worker, instance, topicPartitions(partitions)));
        consumer.partitionsRevokedHandler(partitions -> LOG.info("partitions revoked [worker: {}, instance: {}, "
                + "partitions: {}]", worker, instance, topicPartitions(partitions)));
        consumer.exceptionHandler(err -> LOG.warn("kafka consumer error [worker: {}, instance: {}, cause: {}]", worker,
                instance, err.toString()));
        consumer.batchHandler(this::onBatch);
        return consumer.subscribe(topics).onSuccess(v -> LOG.info("worker started [worker: {}, instance: {}, "
                + "topics: {}, group: {}]", worker, instance, topics, group));
    }

    /**
     * Takes one poll's records. The stream is paused at once (no further poll) and resumed only when every record of
     * the batch is done; the consumer does not poll meanwhile, so no rebalance can take a partition from under it.
     */
    private void onBatch(KafkaConsumerRecords<Buffer, Buffer> polled) {
        consumer.pause();
        if (stopping) {
            return; // never resumed: the records are redelivered after the restart
        }
        List<KafkaConsumerRecord<Buffer, Buffer>> records = new ArrayList<>(polled.size());
        for (int i = 0; i < polled.size(); i++) {
            records.add(polled.recordAt(i));
        }
        inHand = writer.write(records);
        inHand.onComplete(done -> {
            if (stopping) {
                return;
            }
            if (done.succeeded()) {
                consumer.resume();
            } else {
                halt(records, done.cause());
            }
        });
    }

    /**
     * An unexpected failure left a record of the batch neither written nor dead-lettered. Resuming would let a later
     * commit cover it (a silent skip), so this instance stops consuming instead: it commits what it finished, leaves
     * the group, its partitions move to other instances (which redeliver the rest), and readiness reports it.
     */
    private void halt(List<KafkaConsumerRecord<Buffer, Buffer>> records, Throwable cause) {
        LOG.error("worker halted on an unexpected failure; the records not done stay uncommitted [worker: {}, "
                + "instance: {}, batch: {}]", worker, instance, Batch.describe(records), cause);
        setup.health().report(instance, worker + ": halted on an unexpected error");
        stopping = true;
        writer.stop();
        offsets.drain().eventually(this::closeConsumer);
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        writer.stop();
        setup.health().clear(instance);
        // the write in hand may finish so that its offsets are committed; past the timeout it is redelivered instead
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
        try {
            clientMetrics.close();
        } catch (Exception e) {
            LOG.warn("kafka consumer metrics not unbound [worker: {}, cause: {}]", worker, e.toString());
        }
        return consumer.close().timeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).recover(err -> {
            LOG.warn("kafka consumer did not close in time; it leaves its group in the background [worker: {}, "
                    + "instance: {}, cause: {}]", worker, instance, err.toString());
            return Future.succeededFuture();
        });
    }

    /** {@code [wa.events.message-0, wa.events.message-1]}: a worker reads several topics, so the topic is named. */
    static List<String> topicPartitions(Set<TopicPartition> partitions) {
        return partitions.stream().sorted(java.util.Comparator.comparing(TopicPartition::getTopic)
                .thenComparingInt(TopicPartition::getPartition))
                .map(tp -> tp.getTopic() + "-" + tp.getPartition()).toList();
    }
}
