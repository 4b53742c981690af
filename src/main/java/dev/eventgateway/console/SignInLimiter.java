package dev.eventgateway.console;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Failed console sign-ins per client address (as resolved through the trusted proxies), against guessing the admin
 * token: an address has {@link #BURST} failures, then one more every {@link #REFILL_SECONDS} seconds; while it has
 * none left, every sign-in from it is refused, a right token included, so that guessing cannot go on. Per process
 * (each gateway behind a balancer counts its own). At most {@link #MAX_ADDRESSES} addresses are tracked: past that,
 * after dropping the ones whose budget has refilled, the untracked addresses share one budget. Thread-safe.
 */
final class SignInLimiter {

    static final int BURST = 5;
    static final int REFILL_SECONDS = 60;
    static final int MAX_ADDRESSES = 10_000;
    private static final String SHARED = "*";
    private static final String UNKNOWN = "unknown";

    private final ConcurrentMap<String, Budget> budgets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    SignInLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    SignInLimiter() {
        this(System::nanoTime);
    }

    /** 0 when the address may try to sign in, else the whole seconds until it may (for Retry-After). */
    int waitSeconds(InetAddress client) {
        Budget budget = budgets.get(key(client));
        if (budget == null && budgets.size() >= MAX_ADDRESSES) {
            budget = budgets.get(SHARED);
        }
        return budget == null ? 0 : budget.waitSeconds(nanoClock.getAsLong());
    }

    /** A sign-in from this address gave a wrong token. */
    void failed(InetAddress client) {
        long now = nanoClock.getAsLong();
        String key = key(client);
        if (!budgets.containsKey(key) && budgets.size() >= MAX_ADDRESSES) {
            budgets.values().removeIf(b -> b.isFull(now));
            if (budgets.size() >= MAX_ADDRESSES) {
                key = SHARED;
            }
        }
        budgets.computeIfAbsent(key, k -> new Budget(now)).spend(now);
    }

    int tracked() {
        return budgets.size();
    }

    private static String key(InetAddress client) {
        return client == null ? UNKNOWN : client.getHostAddress();
    }

    private static final class Budget {
        private static final double NANOS_PER_TOKEN = REFILL_SECONDS * 1e9;
        private double tokens = BURST;
        private long lastNanos;

        Budget(long now) {
            this.lastNanos = now;
        }

        private void refill(long now) {
            tokens = Math.min(BURST, tokens + (now - lastNanos) / NANOS_PER_TOKEN);
            lastNanos = now;
        }

        synchronized void spend(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }

        synchronized int waitSeconds(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (int) Math.ceil((1 - tokens) * REFILL_SECONDS);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= BURST;
        }
    }
}
