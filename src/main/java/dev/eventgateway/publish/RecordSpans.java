package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.observability.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The producer span of each Kafka record of a traced request (DESIGN §7): a child of the ingress span, from the send
 * to Kafka's acknowledgement, whose context is written into the record's headers as W3C {@code traceparent} (and
 * {@code tracestate}), so that a consumer continues the trace from the record. Used only when tracing is on.
 */
final class RecordSpans {

    /** Sets a header, replacing one of the same name (the request's own traceparent on the raw record). */
    private static final TextMapSetter<List<Header>> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.removeIf(h -> h.key().equals(key));
            headers.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
        }
    };

    private final Tracing tracing;

    RecordSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /**
     * Starts the record's span and writes its context into {@code headers} (mutable, before the record is built).
     *
     * @param event the event the record carries, or null for the raw request
     */
    Span start(Context parent, String topic, WebhookEvent event, List<Header> headers) {
        SpanBuilder builder = tracing.tracer().spanBuilder("send " + topic)
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic);
        Span span = builder.startSpan();
        // a span the sampler dropped records nothing: its ids still go into the headers, its attributes need not
        if (event != null && span.isRecording()) {
            span.setAttribute("messaging.message.id", event.id());
            span.setAttribute("eg.event.id", event.id());
            span.setAttribute("eg.event.type", event.type());
        }
        tracing.inject(span, headers, HEADERS);
        return span;
    }

    /** The send callback that ends the span (partition and offset, or the error) and then calls {@code next}. */
    static Callback ending(Span span, Callback next) {
        if (!span.isRecording()) {
            return next; // ending a span that records nothing does nothing
        }
        return (metadata, error) -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
            } else {
                span.setAttribute("messaging.destination.partition.id", Integer.toString(metadata.partition()));
                span.setAttribute("messaging.kafka.offset", metadata.offset());
            }
            span.end();
            next.onCompletion(metadata, error);
        };
    }
}
