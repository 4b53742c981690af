package dev.eventgateway.spool;

import dev.eventgateway.storage.spool.SpoolTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The spool's meters: what this gateway spooled and drained (counters), and the whole spool over every gateway as its
 * drainer last read it (gauges; the alert rule {@code IngressSpooling} watches the age).
 */
final class SpoolMetrics {

    private final Counter spooledRequests;
    private final Counter spooledBytes;
    private final Counter drainedRequests;
    private final Clock clock;
    private volatile SpoolTable.Stats last = new SpoolTable.Stats(0, 0, null);

    SpoolMetrics(MeterRegistry registry, SpoolState state, long maxBytes, Clock clock) {
        this.clock = clock;
        this.spooledRequests = Counter.builder("gateway_spool_requests")
                .description("Verified requests this gateway wrote to the spool because Kafka could not take them")
                .register(registry);
        this.spooledBytes = Counter.builder("gateway_spool_written_bytes")
                .description("Bytes of records this gateway wrote to the spool")
                .baseUnit("bytes")
                .register(registry);
        this.drainedRequests = Counter.builder("gateway_spool_drained_requests")
                .description("Spooled requests this gateway's drainer published to Kafka and deleted")
                .register(registry);
        Gauge.builder("gateway_spool_size_requests", () -> last.requests())
                .description("Requests in the spool, over every gateway")
                .register(registry);
        Gauge.builder("gateway_spool_size_bytes", () -> last.bytes())
                .description("Bytes in the spool, over every gateway")
                .register(registry);
        Gauge.builder("gateway_spool_max_bytes", () -> maxBytes)
                .description("ingress.spool.maxBytes: past it, requests Kafka cannot take get 503 OVERLOADED")
                .register(registry);
        Gauge.builder("gateway_spool_oldest_age_seconds", this::oldestAgeSeconds)
                .description("Age of the oldest spooled request; 0 when the spool is empty")
                .register(registry);
        Gauge.builder("gateway_spool_active", () -> state.active() ? 1 : 0)
                .description("1 while this gateway sends new requests to the spool")
                .register(registry);
    }

    void spooled(long bytes) {
        spooledRequests.increment();
        spooledBytes.increment(bytes);
    }

    void drained(int requests) {
        drainedRequests.increment(requests);
    }

    void read(SpoolTable.Stats stats) {
        last = stats;
    }

    SpoolTable.Stats last() {
        return last;
    }

    private double oldestAgeSeconds() {
        Instant oldest = last.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
