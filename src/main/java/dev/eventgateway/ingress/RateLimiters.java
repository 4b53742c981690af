package dev.eventgateway.ingress;

import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-webhook token buckets, shared by every ingress instance of the process (the limit is per process). A bucket
 * follows its webhook's current limit: a changed limit starts a fresh bucket.
 */
final class RateLimiters {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    RateLimiters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    RateLimiters() {
        this(System::nanoTime);
    }

    /** 0 when the request may pass, else the whole seconds to wait (for Retry-After). */
    int tryAcquire(Webhook webhook) {
        RateLimit limit = webhook.rateLimit();
        if (limit == null) {
            return 0;
        }
        Bucket bucket = buckets.compute(webhook.uid(), (uid, current) ->
                current != null && current.limit.equals(limit) ? current : new Bucket(limit, nanoClock.getAsLong()));
        return bucket.take(nanoClock.getAsLong());
    }

    private static final class Bucket {
        private final RateLimit limit;
        private double tokens;
        private long lastNanos;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.lastNanos = now;
        }

        synchronized int take(long now) {
            tokens = Math.min(limit.burst(), tokens + (now - lastNanos) / 1e9 * limit.perSecond());
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (int) Math.max(1, Math.ceil((1 - tokens) / limit.perSecond()));
        }
    }
}
