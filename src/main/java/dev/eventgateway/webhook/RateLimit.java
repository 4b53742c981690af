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

    /**
     * The limit as a config declaration or an admin request gives it; without a burst, one second's worth.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public static RateLimit of(double perSecond, Integer burst) {
        return new RateLimit(perSecond, burst != null ? burst : (int) Math.ceil(perSecond));
    }
}
