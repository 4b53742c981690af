package dev.eventgateway.ingress;

import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Token buckets shared by every ingress instance of the process (the limits are per process):
 * <ul>
 *   <li>per webhook ({@code rateLimit}), spent only by requests that passed verification, so that unsigned floods
 *       to a webhook's URL cannot spend its provider's budget;</li>
 *   <li>per client address ({@code ingress.unverifiedRateLimit}), spent by requests that failed verification and
 *       checked before the body is read: an address that keeps sending unverifiable requests is refused cheaply,
 *       while a provider's signed traffic never spends it.</li>
 * </ul>
 * A bucket follows the current limit: a changed limit starts a fresh bucket. A bucket that has refilled is the same
 * as none, so such buckets (idle addresses, deleted webhooks) are evicted every {@link #SWEEP_EVERY} uses.
 */
final class RateLimiters {

    static final int SWEEP_EVERY = 4096;

    private final ConcurrentMap<String, Bucket> webhooks = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetAddress, Bucket> addresses = new ConcurrentHashMap<>();
    private final AtomicInteger uses = new AtomicInteger();
    private final LongSupplier nanoClock;

    RateLimiters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    RateLimiters() {
        this(System::nanoTime);
    }

    /** For a verified request: 0 when it may pass, else the whole seconds to wait (for Retry-After). */
    int tryAcquire(Webhook webhook) {
        RateLimit limit = webhook.rateLimit();
        if (limit == null) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        sweepNow(now);
        return bucket(webhooks, webhook.uid(), limit, now).take(now);
    }

    /**
     * Before the body is read: 0 when the address may send another request, else the seconds until its unverified
     * budget allows one. Spends nothing.
     */
    int unverifiedWait(InetAddress client, RateLimit limit) {
        if (limit == null || client == null) {
            return 0;
        }
        Bucket bucket = addresses.get(client);
        return bucket == null || !bucket.limit.equals(limit) ? 0 : bucket.waitSeconds(nanoClock.getAsLong());
    }

    /** A request from this address failed verification: it spends one token of the address's budget. */
    void chargeUnverified(InetAddress client, RateLimit limit) {
        if (limit == null || client == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        sweepNow(now);
        bucket(addresses, client, limit, now).take(now);
    }

    /** Buckets held, for tests and the eviction. */
    int size() {
        return webhooks.size() + addresses.size();
    }

    /** Drops every bucket that has refilled: it behaves exactly like a new one. */
    void sweep() {
        long now = nanoClock.getAsLong();
        webhooks.values().removeIf(bucket -> bucket.isFull(now));
        addresses.values().removeIf(bucket -> bucket.isFull(now));
    }

    private void sweepNow(long now) {
        if (uses.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
    }

    private static <K> Bucket bucket(ConcurrentMap<K, Bucket> map, K key, RateLimit limit, long now) {
        return map.compute(key, (k, current) ->
                current != null && current.limit.equals(limit) ? current : new Bucket(limit, now));
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

        private void refill(long now) {
            tokens = Math.min(limit.burst(), tokens + (now - lastNanos) / 1e9 * limit.perSecond());
            lastNanos = now;
        }

        synchronized int take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return waitFor();
        }

        synchronized int waitSeconds(long now) {
            refill(now);
            return tokens >= 1 ? 0 : waitFor();
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.burst();
        }

        private int waitFor() {
            return (int) Math.max(1, Math.ceil((1 - tokens) / limit.perSecond()));
        }
    }
}
