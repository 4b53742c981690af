package dev.eventgateway.config;

import java.time.Duration;

/** Ingress limits (DESIGN §3) and its access log. */
public record IngressConfig(int maxBodyBytes, Duration publishTimeout, int maxInFlight, int retryAfterSeconds,
                            AccessLogConfig accessLog) {
}
