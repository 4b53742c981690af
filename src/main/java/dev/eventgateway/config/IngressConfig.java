package dev.eventgateway.config;

import java.time.Duration;

/**
 * Ingress limits (DESIGN §3) and its access log.
 *
 * @param maxBodyBytes      larger bodies get 413
 * @param maxInFlightBytes  the bytes of request bodies the process holds at once (admitted, not yet answered); past
 *                          it a request gets 503 OVERLOADED. Never below {@code maxBodyBytes}, so that one request of
 *                          the largest admitted size always fits
 * @param unverifiedRateLimit per client address, over requests that failed verification; null = no limit
 * @param spool             where a verified request's records go when Kafka cannot acknowledge them
 */
public record IngressConfig(int maxBodyBytes, Duration publishTimeout, int maxInFlight, long maxInFlightBytes,
                            int retryAfterSeconds, Limit unverifiedRateLimit, AccessLogConfig accessLog,
                            SpoolConfig spool) {

    /**
     * Room in a record beyond its payload: the envelope's own fields, headers, Kafka's record-batch framing and the
     * few bytes a re-serialized number can grow by.
     */
    static final int RECORD_HEADROOM_BYTES = 1024 * 1024;

    /**
     * The largest Kafka record an admitted request can produce, from the body limit alone. The raw record is the body
     * as received. An event record holds its part of the payload twice, normalized in {@code data} and as sent in
     * {@code raw}; written as plain UTF-8 (never escaped further than the provider escaped it), each copy is at most
     * the size that part had in the body. So no record exceeds twice the body limit plus {@link
     * #RECORD_HEADROOM_BYTES}; the producer's {@code max.request.size} and the topics' {@code max.message.bytes} are
     * set from this.
     */
    public static int maxRecordBytes(int maxBodyBytes) {
        return Math.addExact(Math.multiplyExact(2, maxBodyBytes), RECORD_HEADROOM_BYTES);
    }

    public int maxRecordBytes() {
        return maxRecordBytes(maxBodyBytes);
    }

    /**
     * The spool in PostgreSQL ({@code ingress.spool.*}).
     *
     * @param enabled  false: a request Kafka cannot acknowledge gets 503, as without a spool
     * @param maxBytes the spool's size over every gateway (each counts what it knows) past which such a request gets
     *                 503 OVERLOADED
     */
    public record SpoolConfig(boolean enabled, long maxBytes) {
    }

    /** A token bucket as configured: {@code perSecond} sustained (at least 1), {@code burst} at once. */
    public record Limit(int perSecond, int burst) {
    }
}
