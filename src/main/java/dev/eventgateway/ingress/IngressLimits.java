package dev.eventgateway.ingress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide ingress state that every ingress instance shares: the in-flight counters behind
 * {@code ingress.maxInFlight} and {@code ingress.maxInFlightBytes}, and the per-webhook rate-limit buckets.
 * Thread-safe.
 */
public final class IngressLimits {

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong inFlightBytes = new AtomicLong();
    final RateLimiters rateLimiters = new RateLimiters();

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Body bytes those requests hold (reserved from {@code Content-Length} before the body is read). */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }
}
