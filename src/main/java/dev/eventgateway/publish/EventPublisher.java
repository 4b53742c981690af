package dev.eventgateway.publish;

import io.vertx.core.Future;

/** Writes a verified request and its events durably. */
public interface EventPublisher {

    /**
     * Publishes the raw request and every event of the batch. The future succeeds only once Kafka acknowledged every
     * record (acks=all); it fails with the Kafka client's exception otherwise, which ingress turns into the answer
     * (503 + Retry-After for the caller). Callbacks run on the caller's context.
     */
    Future<Void> publish(IngressBatch batch);

    /** Where a batch goes when Kafka cannot acknowledge it: {@link Spool#NONE} unless one was attached. */
    default Spool spool() {
        return Spool.NONE;
    }

    /** {@code kafka} with {@code spool} attached. */
    static EventPublisher withSpool(EventPublisher kafka, Spool spool) {
        return new EventPublisher() {
            @Override
            public Future<Void> publish(IngressBatch batch) {
                return kafka.publish(batch);
            }

            @Override
            public Spool spool() {
                return spool;
            }
        };
    }
}
