package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka records of one request, as {@link KafkaEventPublisher} sends them (the raw record first, then each event
 * record with its topic, key and CloudEvents headers), without producer spans: what the spool keeps and its drainer
 * publishes. The request's own {@code traceparent}, if any, is kept on every record.
 */
public final class BatchRecords {

    private BatchRecords() {
    }

    public static List<ProducerRecord<String, byte[]>> of(IngressBatch batch, TopicRouter router) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.events().size() + 1);
        records.add(new ProducerRecord<>(router.topics().raw(), null, batch.webhook().uid(), batch.body(),
                EventHeaders.forRaw(batch)));
        for (WebhookEvent event : batch.events()) {
            String topic = router.topicFor(event, batch.webhook());
            records.add(new ProducerRecord<>(topic, null, router.keyFor(event, topic), event.toJsonBytes(),
                    EventHeaders.forEvent(event, batch.requestId(), batch.traceparent())));
        }
        return records;
    }
}
