package dev.eventgateway.worker;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.observability.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.ListOffsetsResultInfo;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.admin.TopicDescription;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures each worker group's consumer lag per partition — the partition's end offset minus the group's committed
 * offset (minus the log start offset while the group has committed nothing) — and keeps it in the
 * {@code gateway_worker_consumer_lag} gauge. Asks the brokers, not the consumers, so the lag is right whichever
 * process owns a partition, and it keeps growing visibly while the workers are paused. One instance per process.
 */
final class ConsumerLagVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagVerticle.class);

    /** A worker's group and the topic it consumes. */
    record Watched(String worker, String group, String topic) {
    }

    private final KafkaConfig kafka;
    private final List<Watched> watched;
    private final Duration interval;
    private final GatewayMetrics metrics;
    private KafkaAdminClient admin;
    private long timer = -1;
    private boolean measuring;

    ConsumerLagVerticle(KafkaConfig kafka, List<Watched> watched, Duration interval, GatewayMetrics metrics) {
        this.kafka = kafka;
        this.watched = List.copyOf(watched);
        this.interval = interval;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        admin = KafkaAdminClient.create(vertx, kafka.adminProperties());
        measure();
        timer = vertx.setPeriodic(interval.toMillis(), id -> measure());
        return Future.succeededFuture();
    }

    private void measure() {
        if (measuring) {
            return;
        }
        measuring = true;
        admin.describeTopics(watched.stream().map(Watched::topic).distinct().toList())
                .compose(this::measure)
                .onFailure(err -> LOG.debug("consumer lag not measured [cause: {}]", err.toString()))
                .onComplete(done -> measuring = false);
    }

    private Future<Void> measure(Map<String, TopicDescription> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        topics.values().forEach(topic -> topic.getPartitions().forEach(p -> {
            latest.put(new TopicPartition(topic.getName(), p.getPartition()), OffsetSpec.LATEST);
            earliest.put(new TopicPartition(topic.getName(), p.getPartition()), OffsetSpec.EARLIEST);
        }));
        Future<Map<TopicPartition, ListOffsetsResultInfo>> ends = admin.listOffsets(latest);
        Future<Map<TopicPartition, ListOffsetsResultInfo>> starts = admin.listOffsets(earliest);
        List<Future<Map<TopicPartition, OffsetAndMetadata>>> committed = watched.stream()
                .map(w -> admin.listConsumerGroupOffsets(w.group())).toList();
        return Future.all(ends, starts, Future.all(committed)).map(all -> {
            for (int i = 0; i < watched.size(); i++) {
                Watched w = watched.get(i);
                Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(i).result();
                ends.result().forEach((tp, end) -> {
                    if (!tp.getTopic().equals(w.topic())) {
                        return;
                    }
                    OffsetAndMetadata done = offsets == null ? null : offsets.get(tp);
                    long from = done != null ? done.getOffset() : starts.result().get(tp).getOffset();
                    long lag = Math.max(0, end.getOffset() - from);
                    metrics.consumerLag(w.worker(), tp.getTopic(), tp.getPartition(), lag);
                });
            }
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return admin.close();
    }
}
