package dev.eventgateway.webhook;

/** A per-webhook token bucket: {@code perSecond} sustained, {@code burst} at once. */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rateLimit.perSecond must be > 0");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rateLimit.burst must be >= 1");
        }
    }
}
