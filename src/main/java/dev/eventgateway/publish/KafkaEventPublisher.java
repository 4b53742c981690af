package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes through one idempotent, {@code acks=all} producer shared by every ingress instance of the process
 * (vertx-kafka-client's {@code send} hops to a worker thread, so it is safe on the event loop). One instance per
 * verticle; not thread-safe; callbacks run on the verticle's context.
 * <p>
 * A fatal producer error (see {@link PublishFailures#isFatal}) retires the shared producer: the next request creates
 * a new one under a new generation name.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final AtomicInteger GENERATION = new AtomicInteger();

    private final Vertx vertx;
    private final KafkaConfig config;
    private final TopicRouter router;
    private KafkaProducer<String, Buffer> producer;
    private int generation = -1;

    public KafkaEventPublisher(Vertx vertx, KafkaConfig config, TopicRouter router) {
        this.vertx = vertx;
        this.config = config;
        this.router = router;
    }

    @Override
    public Future<Void> publish(IngressBatch batch) {
        KafkaProducer<String, Buffer> current = producer();
        List<Future<?>> acks = new ArrayList<>(batch.events().size() + 1);
        KafkaProducerRecord<String, Buffer> raw =
                KafkaProducerRecord.create(router.topics().raw(), batch.webhook().uid(), batch.body());
        raw.addHeaders(EventHeaders.forRaw(batch));
        acks.add(current.send(raw));
        for (WebhookEvent event : batch.events()) {
            String topic = router.topicFor(event, batch.webhook());
            KafkaProducerRecord<String, Buffer> record = KafkaProducerRecord.create(topic,
                    router.keyFor(event, topic), Buffer.buffer(event.toJsonBytes()));
            record.addHeaders(EventHeaders.forEvent(event, batch.requestId(), batch.traceparent()));
            acks.add(current.send(record));
        }
        return Future.all(acks).<Void>mapEmpty().onFailure(err -> {
            if (PublishFailures.isFatal(err)) {
                retire(current, err);
            }
        });
    }

    private KafkaProducer<String, Buffer> producer() {
        int latest = GENERATION.get();
        if (producer == null || generation != latest) {
            if (producer != null) {
                producer.close();
            }
            generation = latest;
            producer = KafkaProducer.createShared(vertx, "gateway-ingress-" + latest,
                    config.producerProperties(), String.class, Buffer.class);
        }
        return producer;
    }

    private void retire(KafkaProducer<String, Buffer> failed, Throwable err) {
        if (failed == producer && GENERATION.compareAndSet(generation, generation + 1)) {
            LOG.error("kafka producer failed fatally; a new one takes over [generation: {}]", generation + 1, err);
        }
    }

    @Override
    public Future<Void> close() {
        return producer == null ? Future.succeededFuture() : producer.close();
    }
}
