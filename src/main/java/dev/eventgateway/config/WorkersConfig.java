package dev.eventgateway.config;

import java.time.Duration;

/**
 * The Kafka-to-PostgreSQL workers (DESIGN §5): whether they run in this process, their consumer groups, their retry
 * back-off, and how template-ops notifications are delivered.
 *
 * @param instances           consumer verticles per worker in this process
 * @param consumerGroupPrefix a worker's consumer group is this plus its name ({@code event-gateway-crm}, …)
 * @param retryBackoff        first retry delay of a failing record; doubles per attempt up to {@code maxRetryBackoff}
 * @param defaultMaxAttempts  attempts of a record whose webhook is unknown; otherwise the webhook's retryMaxAttempts
 * @param lagInterval         how often consumer lag per partition is measured
 * @param notifications       the notification outbox's delivery settings (the URL is {@link GatewayConfig#slackUrl})
 */
public record WorkersConfig(boolean enabled, int instances, String consumerGroupPrefix, Duration retryBackoff,
                            Duration maxRetryBackoff, int defaultMaxAttempts, Duration lagInterval,
                            NotificationDelivery notifications) {

    /** The consumer group of a worker ({@code crm}, {@code timeline}, {@code template-ops}). */
    public String groupId(String worker) {
        return consumerGroupPrefix + worker;
    }

    /**
     * How the notification outbox is delivered over HTTP.
     *
     * @param pollInterval    how often the outbox is scanned for due notifications
     * @param timeout         of one HTTP POST
     * @param retryBackoff    delay after the first failed POST; doubles per attempt up to {@code maxRetryBackoff}
     * @param maxAttempts     POSTs before a notification is marked failed
     */
    public record NotificationDelivery(Duration pollInterval, Duration timeout, Duration retryBackoff,
                                       Duration maxRetryBackoff, int maxAttempts) {
    }
}
