package dev.eventgateway.worker;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a record a worker gave up on to the worker's dead-letter topic: same key and value, the source's headers, and
 * {@link DeadLetterHeaders} saying who gave up, where the record was and why. The future completes when Kafka
 * acknowledged it (the producer is {@code acks=all}), so that the source offset may then be committed.
 */
public final class DeadLetterPublisher {

    private final KafkaProducer<Buffer, Buffer> producer;
    private final String topic;
    private final String worker;
    private final Clock clock;

    public DeadLetterPublisher(KafkaProducer<Buffer, Buffer> producer, String topic, String worker, Clock clock) {
        this.clock = clock;
        this.producer = producer;
        this.topic = topic;
        this.worker = worker;
    }

    /**
     * @param eventId the record's event id, or null when it could not be read
     * @return fails with the producer's error when Kafka did not take the record
     */
    public Future<Void> publish(KafkaConsumerRecord<Buffer, Buffer> record, String eventId, Throwable failure,
                                int attempts, DeadLetterReason reason) {
        KafkaProducerRecord<Buffer, Buffer> letter = KafkaProducerRecord.create(topic, record.key(), record.value());
        letter.addHeaders(headers(record, eventId, failure, attempts, reason, clock.instant()));
        return producer.send(letter).mapEmpty();
    }

    List<KafkaHeader> headers(KafkaConsumerRecord<Buffer, Buffer> record, String eventId, Throwable failure,
                              int attempts, DeadLetterReason reason, Instant now) {
        List<KafkaHeader> headers = new ArrayList<>();
        for (KafkaHeader header : record.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(KafkaHeader.header(DeadLetterHeaders.WORKER, worker));
        headers.add(KafkaHeader.header(DeadLetterHeaders.SOURCE_TOPIC, record.topic()));
        headers.add(KafkaHeader.header(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition())));
        headers.add(KafkaHeader.header(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset())));
        headers.add(KafkaHeader.header(DeadLetterHeaders.REASON, reason.tag()));
        headers.add(KafkaHeader.header(DeadLetterHeaders.ERROR, DeadLetterHeaders.error(failure)));
        headers.add(KafkaHeader.header(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts)));
        if (eventId != null) {
            headers.add(KafkaHeader.header(DeadLetterHeaders.EVENT_ID, eventId));
        }
        headers.add(KafkaHeader.header(DeadLetterHeaders.FAILED_AT, now.toString()));
        return headers;
    }
}
