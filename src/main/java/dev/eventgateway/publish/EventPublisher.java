package dev.eventgateway.publish;

import io.vertx.core.Future;

/** Writes a verified request and its events durably. */
public interface EventPublisher {

    /**
     * Publishes the raw request and every event of the batch. The future succeeds only once Kafka acknowledged every
     * record (acks=all); it fails with {@link dev.eventgateway.http.ApiException} 503 when Kafka is unavailable.
     * Callbacks run on the caller's context.
     */
    Future<Void> publish(IngressBatch batch);

    /** Releases the producer. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
