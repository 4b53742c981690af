package dev.eventgateway.worker;

import dev.eventgateway.observability.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * The consumer span of each record around its PostgreSQL write (DESIGN §7): it continues the trace whose context the
 * record carries in its {@code traceparent} header (the gateway's producer span), so one trace shows the provider's
 * POST, the record and the row. A record written in a batch gets its own span for the batch's transaction; a record
 * retried alone gets one per attempt. With tracing off nothing is made: {@link #start} returns null.
 * <p>
 * Not thread-safe; used on its worker verticle's context.
 */
final class WriteSpans {

    private static final TextMapGetter<KafkaConsumerRecord<Buffer, Buffer>> HEADERS = new TextMapGetter<>() {
        @Override
        public String get(KafkaConsumerRecord<Buffer, Buffer> record, String key) {
            if (record == null) {
                return null;
            }
            String value = null;
            for (KafkaHeader header : record.headers()) {
                if (header.key().equals(key) && header.value() != null) {
                    value = header.value().toString(); // the last one wins, as Kafka's lastHeader
                }
            }
            return value;
        }
    };

    private final Tracing tracing;
    private final String worker;
    private final String group;

    WriteSpans(Tracing tracing, String worker, String group) {
        this.tracing = tracing;
        this.worker = worker;
        this.group = group;
    }

    /** A started span per item, in order; null when tracing is off. */
    <T> List<Span> start(List<Batch.Item<T>> items) {
        if (!tracing.enabled()) {
            return null;
        }
        List<Span> spans = new ArrayList<>(items.size());
        for (Batch.Item<T> item : items) {
            spans.add(startOne(item, items.size()));
        }
        return spans;
    }

    /** A started span for one record written alone; null when tracing is off. */
    <T> Span start(Batch.Item<T> item) {
        return tracing.enabled() ? startOne(item, 1) : null;
    }

    private <T> Span startOne(Batch.Item<T> item, int batchRecords) {
        KafkaConsumerRecord<Buffer, Buffer> record = item.record();
        return tracing.tracer().spanBuilder("process " + record.topic())
                .setParent(tracing.extract(record, HEADERS))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.message.id", item.eventId())
                .setAttribute("eg.event.id", item.eventId())
                .setAttribute("eg.worker", worker)
                .setAttribute("eg.batch.records", batchRecords)
                .setAttribute("db.system.name", "postgresql")
                .startSpan();
    }

    /** Ends the spans: committed when {@code failure} is null, else with the failure's type as an error. */
    void end(List<Span> spans, Throwable failure) {
        if (spans != null) {
            spans.forEach(span -> end(span, failure));
        }
    }

    void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }
}
