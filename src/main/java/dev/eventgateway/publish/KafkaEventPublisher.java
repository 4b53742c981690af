package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a request's raw body and events through the process's {@link IngressProducer}, from the event loop. One
 * instance per verticle; the returned future completes on the verticle's context once Kafka acknowledged every record,
 * with one hop back from the producer's network thread per request.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private final Context context;
    private final IngressProducer producers;
    private final TopicRouter router;

    public KafkaEventPublisher(Context context, IngressProducer producers, TopicRouter router) {
        this.context = context;
        this.producers = producers;
        this.router = router;
    }

    @Override
    public Future<Void> publish(IngressBatch batch) {
        Producer<String, byte[]> producer = producers.producer();
        Promise<Void> acked = Promise.promise();
        AtomicInteger pending = new AtomicInteger(batch.events().size() + 1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            if (pending.decrementAndGet() == 0) {
                context.runOnContext(v -> complete(acked, failure.get(), producer));
            }
        };
        try {
            producer.send(new ProducerRecord<>(router.topics().raw(), null, batch.webhook().uid(),
                    batch.body(), EventHeaders.forRaw(batch)), callback);
            for (WebhookEvent event : batch.events()) {
                String topic = router.topicFor(event, batch.webhook());
                producer.send(new ProducerRecord<>(topic, null, router.keyFor(event, topic), event.toJsonBytes(),
                        EventHeaders.forEvent(event, batch.requestId(), batch.traceparent())), callback);
            }
        } catch (RuntimeException e) {
            // send() failed before taking the record (max.block.ms is 0: buffer full, metadata gone): the records
            // already sent may still be acknowledged, but this request is not accepted
            if (PublishFailures.isFatal(e)) {
                producers.retire(producer, e);
            }
            return Future.failedFuture(e);
        }
        return acked.future();
    }

    private void complete(Promise<Void> acked, Exception failure, Producer<String, byte[]> producer) {
        if (failure == null) {
            acked.complete();
            return;
        }
        if (PublishFailures.isFatal(failure)) {
            producers.retire(producer, failure);
        }
        acked.fail(failure);
    }

}
