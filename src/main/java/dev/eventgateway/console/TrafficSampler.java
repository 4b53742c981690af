package dev.eventgateway.console;

import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.storage.traffic.TrafficTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes this gateway's live traffic to the shared traffic tables, for the console of every gateway
 * ({@link TrafficView} reads them). Every {@link #INTERVAL}, on one Vert.x timer aligned to the slot boundaries, it
 * reads the gateway's meters, {@code gateway_ingress_requests} by webhook, provider and outcome (every webhook's own,
 * {@link GatewayMetrics#webhookTraffic()}, however many webhooks /metrics aggregates) and the
 * {@code gateway_kafka_publish} histogram (by outcome), and writes what they counted since the
 * previous reading as that slot's rows of this instance: requests per webhook and outcome, and publish observations
 * per histogram bucket. Nothing runs on the request path: the meters are counted there anyway. Idle series write
 * nothing; a slot of this instance holds at most {@link #MAX_SERIES} webhook series (the busiest), and each gateway
 * prunes the tables to {@link #KEPT}. A write that fails loses that slot (logged); the next one carries on.
 */
public final class TrafficSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSampler.class);
    /** The slot length; every gateway uses the same so that their slots line up. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** How long slots are kept in the shared tables: more than the view's five minutes. */
    static final Duration KEPT = Duration.ofMinutes(15);
    static final int MAX_SERIES = 5_000;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    /** Past the boundary, so that the reading falls after it even with a late timer. */
    private static final long AFTER_BOUNDARY_MS = 250;

    private final MeterRegistry requestMeters;
    private final MeterRegistry meters;
    private final TrafficTable table;
    private final String instanceId;
    private final Clock clock;
    /** The cumulative values of the previous reading (timer context only). */
    private Map<Series, Double> lastRequests = new HashMap<>();
    private Map<Bucket, Double> lastLatency = new HashMap<>();
    private Vertx vertx;
    private long timer = -1;
    private long pruneTimer = -1;
    private boolean writing;

    record Series(String webhook, String provider, String outcome) {
    }

    /** One histogram bucket of one outcome: observations up to {@code upperBoundMs}, above the bucket below it. */
    record Bucket(String outcome, double upperBoundMs) {
    }

    /** One slot's rows of this instance. */
    record Slot(List<TrafficTable.Count> counts, List<TrafficTable.Latency> latencies) {
        boolean isEmpty() {
            return counts.isEmpty() && latencies.isEmpty();
        }
    }

    public TrafficSampler(GatewayMetrics metrics, TrafficTable table, String instanceId, Clock clock) {
        this.requestMeters = metrics.webhookTraffic();
        this.meters = metrics.registry();
        this.table = table;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    public TrafficSampler start(Vertx on) {
        this.vertx = on;
        long interval = INTERVAL.toMillis();
        long untilBoundary = interval - Math.floorMod(clock.millis(), interval) + AFTER_BOUNDARY_MS;
        timer = on.setPeriodic(untilBoundary, interval, id -> write());
        pruneTimer = on.setPeriodic(PRUNE_INTERVAL.toMillis(), PRUNE_INTERVAL.toMillis(),
                id -> table.prune(clock.instant().minus(KEPT))
                        .onFailure(e -> LOG.warn("traffic slots not pruned [cause: {}]", e.toString())));
        return this;
    }

    /** The start of the slot that {@code at} falls in. */
    static Instant slotOf(Instant at) {
        long interval = INTERVAL.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), interval) * interval);
    }

    private void write() {
        Slot slot = take();
        if (slot.isEmpty()) {
            return;
        }
        if (writing) {
            LOG.warn("traffic slot not written: the previous write is still running [instance: {}]", instanceId);
            return;
        }
        writing = true;
        table.append(instanceId, slot.counts(), slot.latencies())
                .onFailure(e -> LOG.warn("traffic slot not written [instance: {}, cause: {}]", instanceId,
                        e.toString()))
                .onComplete(done -> writing = false);
    }

    /**
     * What the meters counted since the previous call, as the rows of the slot that just ended (the slot half an
     * interval ago, so a timer a little early or late still names the right one).
     */
    Slot take() {
        Instant slot = slotOf(clock.instant().minus(INTERVAL.dividedBy(2)));
        Map<Series, Double> requests = new HashMap<>();
        for (Counter counter : requestMeters.find("gateway_ingress_requests").counters()) {
            requests.put(new Series(counter.getId().getTag("webhook"), counter.getId().getTag("provider"),
                    counter.getId().getTag("outcome")), counter.count());
        }
        List<TrafficTable.Count> counts = new ArrayList<>();
        requests.forEach((series, value) -> {
            long delta = Math.round(value - lastRequests.getOrDefault(series, 0.0));
            if (delta > 0) {
                counts.add(new TrafficTable.Count(slot, series.webhook(), series.provider(), series.outcome(),
                        delta));
            }
        });
        if (counts.size() > MAX_SERIES) {
            counts.sort((a, b) -> Long.compare(b.requests(), a.requests()));
            counts.subList(MAX_SERIES, counts.size()).clear();
        }
        lastRequests = requests;

        Map<Bucket, Double> latency = new HashMap<>();
        for (Timer t : meters.find("gateway_kafka_publish").timers()) {
            perBucket(t.getId().getTag("outcome"), t.takeSnapshot(), latency);
        }
        List<TrafficTable.Latency> latencies = new ArrayList<>();
        latency.forEach((bucket, value) -> {
            long delta = Math.round(value - lastLatency.getOrDefault(bucket, 0.0));
            if (delta > 0) {
                latencies.add(new TrafficTable.Latency(slot, bucket.outcome(), bucket.upperBoundMs(), delta));
            }
        });
        lastLatency = latency;
        return new Slot(counts, latencies);
    }

    /** A cumulative histogram as observations per bucket, the ones above its last bound under +Infinity. */
    private static void perBucket(String outcome, HistogramSnapshot snapshot, Map<Bucket, Double> into) {
        double below = 0;
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            into.put(new Bucket(outcome, bucket.bucket(TimeUnit.MILLISECONDS)), bucket.count() - below);
            below = bucket.count();
        }
        into.put(new Bucket(outcome, Double.POSITIVE_INFINITY), snapshot.count() - below);
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.cancelTimer(timer);
            vertx.cancelTimer(pruneTimer);
        }
    }
}
