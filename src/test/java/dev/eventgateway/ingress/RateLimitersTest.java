package dev.eventgateway.ingress;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets on a clock the test moves: the unverified budget per address, and eviction of refilled buckets. */
class RateLimitersTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiters limiters = new RateLimiters(nanos::get);
    private final RateLimit unverified = new RateLimit(1, 3);

    @Test
    void anAddressIsRefusedOnlyOnceItHasSpentItsUnverifiedBudgetAndAgainAllowedWhenItRefills() throws Exception {
        InetAddress attacker = InetAddress.getByName("203.0.113.9");
        InetAddress provider = InetAddress.getByName("2001:db8::7");
        for (int i = 0; i < 3; i++) {
            assertThat(limiters.unverifiedWait(attacker, unverified)).isZero();
            limiters.chargeUnverified(attacker, unverified);
        }
        assertThat(limiters.unverifiedWait(attacker, unverified)).isEqualTo(1);
        assertThat(limiters.unverifiedWait(provider, unverified)).isZero();

        nanos.addAndGet(1_000_000_000L);
        assertThat(limiters.unverifiedWait(attacker, unverified)).isZero();
    }

    @Test
    void refilledBucketsOfIdleAddressesAndDeletedWebhooksAreEvicted() throws Exception {
        Webhook webhook = Webhook.builder("wh_gone", "whats91").signingSecret(Secret.ofNullable("s"))
                .rateLimit(new RateLimit(1, 2)).build();
        limiters.tryAcquire(webhook);
        for (int i = 0; i < 100; i++) {
            limiters.chargeUnverified(InetAddress.getByName("198.51.100." + i), unverified);
        }
        assertThat(limiters.size()).isEqualTo(101);

        limiters.sweep();
        assertThat(limiters.size()).isEqualTo(101); // none has refilled yet

        nanos.addAndGet(3_000_000_000L);
        limiters.sweep();
        assertThat(limiters.size()).isZero();
    }

    @Test
    void eachUseCountsTowardsTheNextSweep() throws Exception {
        InetAddress idle = InetAddress.getByName("192.0.2.1");
        limiters.chargeUnverified(idle, unverified);
        nanos.addAndGet(10_000_000_000L);
        InetAddress busy = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < RateLimiters.SWEEP_EVERY; i++) {
            limiters.chargeUnverified(busy, new RateLimit(1_000_000, 1_000_000));
        }
        assertThat(limiters.size()).isEqualTo(1);
    }
}
