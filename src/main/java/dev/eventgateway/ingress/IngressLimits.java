package dev.eventgateway.ingress;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process-wide ingress state that every ingress instance shares: the in-flight counter behind
 * {@code ingress.maxInFlight} and the per-webhook rate-limit buckets. Thread-safe.
 */
public final class IngressLimits {

    final AtomicInteger inFlight = new AtomicInteger();
    final RateLimiters rateLimiters = new RateLimiters();

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }
}
