package dev.eventgateway.worker;

import dev.eventgateway.config.WorkersConfig;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;

/**
 * How long a worker waits before trying a record again ({@link Backoff} from {@code workers.retryBackoff} and
 * {@code workers.maxRetryBackoff}), and how many attempts a record gets: the webhook's {@code retryMaxAttempts} (1
 * when it has {@code retryEnabled: false}) when the event's webhook is known, else {@code workers.defaultMaxAttempts}
 * (DESIGN §2). Thread-safe.
 */
public final class RetryPolicy {

    private final Backoff backoff;
    private final int defaultMaxAttempts;
    private final WebhookRegistry webhooks;

    public RetryPolicy(Backoff backoff, int defaultMaxAttempts, WebhookRegistry webhooks) {
        this.backoff = backoff;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.webhooks = webhooks;
    }

    public static RetryPolicy of(WorkersConfig config, WebhookRegistry webhooks) {
        return new RetryPolicy(new Backoff(config.retryBackoff(), config.maxRetryBackoff()),
                config.defaultMaxAttempts(), webhooks);
    }

    /** The delay before retry number {@code retry} (1 = the first retry). */
    public long delayMillis(int retry) {
        return backoff.delayMillis(retry);
    }

    /** The attempts a record of this webhook gets before it is dead-lettered; at least 1. */
    public int maxAttempts(String webhookUid) {
        Webhook webhook = webhookUid == null ? null : webhooks.find(webhookUid).orElse(null);
        if (webhook == null) {
            return defaultMaxAttempts;
        }
        return webhook.retryEnabled() ? Math.max(1, webhook.retryMaxAttempts()) : 1;
    }
}
