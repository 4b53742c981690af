package dev.eventgateway.config;

import java.time.Duration;

/** The Kafka-to-PostgreSQL workers: whether they run here, and their retry back-off. */
public record WorkersConfig(boolean enabled, Duration retryBackoff, Duration maxRetryBackoff, int defaultMaxAttempts) {
}
