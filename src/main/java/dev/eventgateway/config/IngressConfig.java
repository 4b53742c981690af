package dev.eventgateway.config;

import dev.eventgateway.webhook.RateLimit;

import java.time.Duration;

/**
 * Ingress limits (DESIGN §3).
 *
 * @param unverifiedRateLimit per client address, over requests that failed verification; null = no limit
 */
public record IngressConfig(int maxBodyBytes, Duration publishTimeout, int maxInFlight, int retryAfterSeconds,
                            RateLimit unverifiedRateLimit) {
}
