package dev.eventgateway.config;

import java.time.Duration;

/** Ingress limits (DESIGN §3). */
public record IngressConfig(int maxBodyBytes, Duration publishTimeout, int maxInFlight, int retryAfterSeconds) {
}
