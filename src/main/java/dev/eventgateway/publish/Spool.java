package dev.eventgateway.publish;

import io.vertx.core.Future;

/**
 * Where a verified request's records go when Kafka cannot acknowledge them: a durable store from which they reach
 * Kafka later, in the order they were written (DESIGN §8). Ingress asks it twice per request at most: before
 * publishing ({@link #active()}: while anything is spooled, new requests are spooled too, so that a status never
 * overtakes the message it reports on) and after a failed publish ({@link #write}).
 */
public interface Spool {

    /** No spool: a request Kafka cannot acknowledge gets 503. */
    Spool NONE = new Spool() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean active() {
            return false;
        }

        @Override
        public Future<Void> write(IngressBatch batch) {
            return Future.failedFuture(new IllegalStateException("no spool"));
        }
    };

    /** Whether a batch Kafka failed may be spooled at all. */
    boolean enabled();

    /**
     * Whether new requests must go to the spool rather than to Kafka: it holds records Kafka does not have yet. Cheap
     * (a volatile read): asked on every request.
     */
    boolean active();

    /**
     * Writes every record of the batch (the raw record and each event record, as {@link BatchRecords} builds them) in
     * one transaction. Succeeds once they are durable; fails with {@link SpoolFullException} when the spool is full,
     * or with the store's exception.
     */
    Future<Void> write(IngressBatch batch);
}
