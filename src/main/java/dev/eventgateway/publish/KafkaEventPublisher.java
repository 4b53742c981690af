package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.observability.Tracing;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a request's raw body and events through the process's {@link IngressProducer}, from the event loop. One
 * instance per verticle; the returned future completes on the verticle's context once Kafka acknowledged every record,
 * with one hop back from the producer's network thread per request.
 * <p>
 * Trace context: with tracing on, every record gets a producer span, a child of the request's ingress span, and that
 * span's {@code traceparent} in its headers ({@link RecordSpans}); with tracing off, the request's own
 * {@code traceparent}, if any, is passed through unchanged and nothing else is done.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private final Context context;
    private final IngressProducer producers;
    private final TopicRouter router;
    private final Tracing tracing;
    private final RecordSpans spans;

    public KafkaEventPublisher(Context context, IngressProducer producers, TopicRouter router, Tracing tracing) {
        this.context = context;
        this.producers = producers;
        this.router = router;
        this.tracing = tracing;
        this.spans = tracing.enabled() ? new RecordSpans(tracing) : null;
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
        // the ingress span's context, which the request's traceparent carries when tracing is on
        io.opentelemetry.context.Context trace = spans == null ? null : tracing.fromTraceparent(batch.traceparent());
        try {
            String raw = router.topics().raw();
            List<Header> rawHeaders = EventHeaders.forRaw(batch);
            // the span first: it writes its traceparent into the headers, which the record copies when built
            Callback rawSent = trace == null ? callback : traced(trace, raw, null, rawHeaders, callback);
            producer.send(new ProducerRecord<>(raw, null, batch.webhook().uid(), batch.body(), rawHeaders), rawSent);
            for (WebhookEvent event : batch.events()) {
                String topic = router.topicFor(event, batch.webhook());
                List<Header> headers = EventHeaders.forEvent(event, batch.requestId(),
                        trace == null ? batch.traceparent() : null);
                Callback sent = trace == null ? callback : traced(trace, topic, event, headers, callback);
                producer.send(new ProducerRecord<>(topic, null, router.keyFor(event, topic), event.toJsonBytes(),
                        headers), sent);
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

    /** Starts the record's producer span, writes its traceparent into the headers, and ends it with the send. */
    private Callback traced(io.opentelemetry.context.Context trace, String topic, WebhookEvent event,
                            List<Header> headers, Callback callback) {
        Span span = spans.start(trace, topic, event, headers);
        return RecordSpans.ending(span, callback);
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
