package dev.eventgateway.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Live traffic for the console, from the very meters {@code /metrics} exposes: {@code gateway_ingress_requests} (by
 * webhook, provider and outcome) and the {@code gateway_kafka_publish} histogram (by outcome). Every few seconds it
 * takes a snapshot of their cumulative values; rates and the p99 are differences between snapshots, as Prometheus's
 * {@code rate} and {@code histogram_quantile} would compute them. The publish histogram is not tagged by webhook
 * (per-webhook buckets would multiply the series by the webhook count), so its p99 is per outcome.
 * <p>
 * This process's meters only. Snapshots are taken on one Vert.x timer, and {@link #view} adds one of the moment;
 * it may be called from any thread.
 */
public final class TrafficSampler implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** How far back the series goes: five minutes of snapshots. */
    static final int KEPT = 61;
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final MeterRegistry meters;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Vertx vertx;
    private long timer = -1;

    /** One snapshot: cumulative request counts by series key, and the publish histogram by outcome. */
    record Sample(Instant at, Map<Series, Double> requests, Map<String, Histogram> publish) {
    }

    record Series(String webhook, String provider, String outcome) {
    }

    /** Cumulative bucket counts by upper bound in milliseconds. */
    record Histogram(double count, TreeMap<Double, Double> buckets) {
    }

    public TrafficSampler(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    public TrafficSampler start(Vertx on) {
        this.vertx = on;
        sample();
        timer = on.setPeriodic(INTERVAL.toMillis(), id -> sample());
        return this;
    }

    void sample() {
        Sample sample = snapshot();
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
        }
    }

    private Sample snapshot() {
        Map<Series, Double> requests = new HashMap<>();
        for (Counter counter : meters.find("gateway_ingress_requests").counters()) {
            requests.put(new Series(counter.getId().getTag("webhook"), counter.getId().getTag("provider"),
                    counter.getId().getTag("outcome")), counter.count());
        }
        Map<String, Histogram> publish = new HashMap<>();
        for (Timer t : meters.find("gateway_kafka_publish").timers()) {
            HistogramSnapshot snapshot = t.takeSnapshot();
            TreeMap<Double, Double> buckets = new TreeMap<>();
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.put(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count());
            }
            publish.put(t.getId().getTag("outcome"), new Histogram(snapshot.count(), buckets));
        }
        return new Sample(clock.instant(), requests, publish);
    }

    /**
     * The traffic as JSON: per webhook (busiest first, paged) requests per second by outcome over the last minute
     * and the total rate of each interval over the kept span; the p99 publish latency per outcome over the last
     * minute.
     */
    public JsonObject view(int page, int limit) {
        List<Sample> kept;
        synchronized (samples) {
            kept = new ArrayList<>(samples);
        }
        // the meters as of now, so that a request shows at the next poll rather than at the next snapshot
        kept.add(snapshot());
        Sample last = kept.get(kept.size() - 1);
        Sample windowStart = kept.get(0);
        for (Sample s : kept) {
            if (!s.at().isBefore(last.at().minus(RATE_WINDOW))) {
                windowStart = s;
                break;
            }
        }
        double seconds = Math.max(1e-9, Duration.between(windowStart.at(), last.at()).toMillis() / 1000.0);

        Map<String, JsonObject> byWebhook = new TreeMap<>();
        Map<String, Double> totals = new HashMap<>();
        for (Map.Entry<Series, Double> e : last.requests().entrySet()) {
            Series series = e.getKey();
            double rate = seconds < 0.5 ? 0 : (e.getValue() - windowStart.requests().getOrDefault(series, 0.0))
                    / seconds;
            JsonObject row = byWebhook.computeIfAbsent(series.webhook(), uid -> new JsonObject()
                    .put("webhookUid", uid).put("provider", series.provider()).put("perSecond", new JsonObject())
                    .put("requests", 0.0));
            row.getJsonObject("perSecond").put(series.outcome(), round(rate));
            row.put("requests", row.getDouble("requests") + e.getValue());
            totals.merge(series.webhook(), rate, Double::sum);
        }
        for (JsonObject row : byWebhook.values()) {
            row.put("series", series(kept, row.getString("webhookUid")));
            row.put("totalPerSecond", round(totals.getOrDefault(row.getString("webhookUid"), 0.0)));
        }
        List<JsonObject> rows = new ArrayList<>(byWebhook.values());
        rows.sort(Comparator.comparingDouble((JsonObject r) -> -r.getDouble("totalPerSecond"))
                .thenComparing((JsonObject r) -> -r.getDouble("requests")));
        int from = Math.min(rows.size(), (page - 1) * limit);
        int to = Math.min(rows.size(), from + limit);

        JsonObject latency = new JsonObject();
        last.publish().forEach((outcome, histogram) -> {
            Histogram before = windowStartHistogram(kept, last, outcome);
            double count = histogram.count() - (before == null ? 0 : before.count());
            latency.put(outcome, new JsonObject()
                    .put("count", (long) count)
                    .put("p99Ms", count <= 0 ? null : round(quantile(0.99, histogram, before))));
        });
        return new JsonObject()
                .put("sampledAt", last.at().toString())
                .put("intervalSeconds", INTERVAL.toSeconds())
                .put("windowSeconds", Math.round(seconds))
                .put("webhooks", new JsonArray(new ArrayList<>(rows.subList(from, to))))
                .put("pagination", new JsonObject().put("page", page).put("limit", limit).put("total", rows.size())
                        .put("hasMore", to < rows.size()))
                .put("publishLatency", latency);
    }

    private Histogram windowStartHistogram(List<Sample> kept, Sample last, String outcome) {
        for (Sample s : kept) {
            if (!s.at().isBefore(last.at().minus(RATE_WINDOW))) {
                return s == last ? null : s.publish().get(outcome);
            }
        }
        return null;
    }

    /** Total requests per second of one webhook in each interval, oldest first. */
    private static JsonArray series(List<Sample> kept, String webhook) {
        JsonArray out = new JsonArray();
        for (int i = 1; i < kept.size(); i++) {
            double seconds = Duration.between(kept.get(i - 1).at(), kept.get(i).at()).toMillis() / 1000.0;
            double delta = total(kept.get(i), webhook) - total(kept.get(i - 1), webhook);
            out.add(round(seconds <= 0 ? 0 : delta / seconds));
        }
        return out;
    }

    private static double total(Sample sample, String webhook) {
        double sum = 0;
        for (Map.Entry<Series, Double> e : sample.requests().entrySet()) {
            if (e.getKey().webhook().equals(webhook)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The q-quantile of the observations between two cumulative histograms: the upper bound of its bucket. */
    static double quantile(double q, Histogram now, Histogram before) {
        double count = now.count() - (before == null ? 0 : before.count());
        double rank = q * count;
        for (Map.Entry<Double, Double> bucket : now.buckets().entrySet()) {
            double earlier = before == null ? 0 : before.buckets().getOrDefault(bucket.getKey(), 0.0);
            if (bucket.getValue() - earlier >= rank) {
                return bucket.getKey();
            }
        }
        return now.buckets().isEmpty() ? Double.NaN : now.buckets().lastKey();
    }

    private static double round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? 0 : Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }
}
