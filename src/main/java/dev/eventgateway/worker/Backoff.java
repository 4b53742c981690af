package dev.eventgateway.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off: {@code first × 2^(n-1)} before the n-th retry, capped at {@code max}, with ±20 % jitter so
 * that the instances of several gateways do not hit a recovering database (or receiver) in step. Immutable.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (max.compareTo(first) < 0) {
            max = first;
        }
    }

    /** The delay before retry number {@code retry} (1 = the first retry), jittered. */
    public long delayMillis(int retry) {
        return delayMillis(retry, ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    /** The delay before retry number {@code retry}, scaled by {@code jitter} and never above the cap. */
    long delayMillis(int retry, double jitter) {
        long base = Math.max(1, first.toMillis());
        long cap = Math.max(base, max.toMillis());
        int doublings = Math.max(0, Math.min(retry - 1, 30));
        long delay = base > cap >> doublings ? cap : base << doublings;
        return Math.max(1, Math.min(cap, Math.round(delay * jitter)));
    }
}
