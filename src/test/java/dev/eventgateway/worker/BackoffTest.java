package dev.eventgateway.worker;

import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.WebhookRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    @Test
    void doublesPerRetryUpToTheCap() {
        assertThat(backoff.delayMillis(1, 1.0)).isEqualTo(200);
        assertThat(backoff.delayMillis(2, 1.0)).isEqualTo(400);
        assertThat(backoff.delayMillis(3, 1.0)).isEqualTo(800);
        assertThat(backoff.delayMillis(6, 1.0)).isEqualTo(6400);
        assertThat(backoff.delayMillis(7, 1.0)).isEqualTo(10_000);
        assertThat(backoff.delayMillis(1_000_000, 1.0)).isEqualTo(10_000);
    }

    @Test
    void jitterStaysWithinTwentyPercentAndUnderTheCap() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayMillis(2)).isBetween(320L, 480L);
            assertThat(backoff.delayMillis(40)).isBetween(8000L, 10_000L);
        }
    }

    @Test
    void aCapBelowTheFirstDelayIsTheFirstDelay() {
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).delayMillis(5, 1.0)).isEqualTo(2000);
    }

    @Test
    void attemptsComeFromTheWebhookWhenKnown() {
        WebhookRegistry registry = new WebhookRegistry();
        registry.replaceAll(List.of(
                Fixtures.webhookBuilder("meta").retryMaxAttempts(7).build(),
                Fixtures.webhookBuilder("whats91").retryEnabled(false).retryMaxAttempts(7).build()));
        RetryPolicy policy = new RetryPolicy(backoff, 5, registry);

        assertThat(policy.maxAttempts(Fixtures.uid("meta"))).isEqualTo(7);
        assertThat(policy.maxAttempts(Fixtures.uid("whats91"))).isEqualTo(1);
        assertThat(policy.maxAttempts("wh_unknown")).isEqualTo(5);
        assertThat(policy.maxAttempts(null)).isEqualTo(5);
    }
}
