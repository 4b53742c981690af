package dev.eventgateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/**
 * The gateway's own meters, on the same Prometheus registry Vert.x reports into. Thread-safe; one per process.
 * Webhook tags use only uids that exist, so random paths cannot blow up the series count.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry;

    public GatewayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public static GatewayMetrics create() {
        return new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** One ingress request and how it ended: {@code accepted} or the lowercase error code. */
    public void ingressRequest(String webhookUid, String provider, String outcome) {
        Counter.builder("gateway_ingress_requests")
                .description("Ingress requests by webhook and outcome")
                .tags("webhook", webhookUid, "provider", provider, "outcome", outcome)
                .register(registry).increment();
    }

    public void ingressEvents(String webhookUid, String provider, int count) {
        Counter.builder("gateway_ingress_events")
                .description("Canonical events accepted, by webhook")
                .tags("webhook", webhookUid, "provider", provider)
                .register(registry).increment(count);
    }

    /** Time from the first send to the last Kafka acknowledgement of one request. */
    public void publishLatency(String outcome, Duration elapsed) {
        Timer.builder("gateway_kafka_publish")
                .description("Kafka publish latency of one request's records")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(elapsed);
    }

    public MeterRegistry meters() {
        return registry;
    }
}
