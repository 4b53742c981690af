package dev.eventgateway.console;

import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.storage.traffic.TrafficTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live traffic of every gateway on this database, as the console shows it: per webhook (busiest first, paged)
 * requests per second by outcome over the last minute and the total rate of each slot over the last five minutes;
 * the p99 publish latency per outcome over the last minute. Sums of what each gateway's {@link TrafficSampler}
 * wrote, so the freshest slot shows once it has ended and been written (within an interval and a second). The
 * publish histogram is not tagged by webhook (per-webhook buckets would multiply its series by the webhook count),
 * so the p99 is per outcome.
 */
final class TrafficView {

    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    static final Duration SPAN = Duration.ofMinutes(5);

    private final TrafficTable table;
    private final Clock clock;

    TrafficView(TrafficTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    Future<JsonObject> view(Paging paging) {
        // up to the slot in progress, which no gateway has written yet
        Instant to = TrafficSampler.slotOf(clock.instant());
        Instant from = to.minus(SPAN);
        Instant recentFrom = to.minus(RATE_WINDOW);
        PageRequest request = paging.request();
        return table.busiest(from, recentFrom, to, request).compose(page -> {
            List<String> uids = page.items().stream().map(TrafficTable.WebhookTotal::webhookUid).toList();
            return Future.all(table.counts(uids, from, to), table.latency(recentFrom, to)).map(both -> {
                List<TrafficTable.Count> counts = both.resultAt(0);
                List<TrafficTable.Latency> latencies = both.resultAt(1);
                JsonArray webhooks = new JsonArray();
                for (TrafficTable.WebhookTotal w : page.items()) {
                    webhooks.add(webhook(w, counts, from, recentFrom));
                }
                return new JsonObject()
                        .put("sampledAt", to.toString())
                        .put("intervalSeconds", TrafficSampler.INTERVAL.toSeconds())
                        .put("windowSeconds", RATE_WINDOW.toSeconds())
                        .put("webhooks", webhooks)
                        .put("pagination", paging.json(page.total()))
                        .put("publishLatency", latency(latencies));
            });
        });
    }

    private static JsonObject webhook(TrafficTable.WebhookTotal total, List<TrafficTable.Count> counts, Instant from,
                                      Instant recentFrom) {
        int slots = (int) (SPAN.toMillis() / TrafficSampler.INTERVAL.toMillis());
        double[] series = new double[slots];
        Map<String, Long> recentByOutcome = new TreeMap<>();
        for (TrafficTable.Count c : counts) {
            if (!c.webhookUid().equals(total.webhookUid())) {
                continue;
            }
            int index = (int) (Duration.between(from, c.slot()).toMillis() / TrafficSampler.INTERVAL.toMillis());
            if (index >= 0 && index < slots) {
                series[index] += c.requests();
            }
            recentByOutcome.merge(c.outcome(), c.slot().isBefore(recentFrom) ? 0 : c.requests(), Long::sum);
        }
        JsonObject perSecond = new JsonObject();
        recentByOutcome.forEach((outcome, n) -> perSecond.put(outcome, perSecond(n, RATE_WINDOW)));
        JsonArray rates = new JsonArray();
        for (double n : series) {
            rates.add(perSecond((long) n, TrafficSampler.INTERVAL));
        }
        return new JsonObject()
                .put("webhookUid", total.webhookUid())
                .put("provider", total.provider())
                .put("perSecond", perSecond)
                .put("totalPerSecond", perSecond(total.recent(), RATE_WINDOW))
                .put("requests", total.total())
                .put("series", rates);
    }

    /** Per outcome: the observations of the window and their p99 (null without any). */
    private static JsonObject latency(List<TrafficTable.Latency> latencies) {
        Map<String, TreeMap<Double, Long>> byOutcome = new LinkedHashMap<>();
        for (TrafficTable.Latency l : latencies) {
            byOutcome.computeIfAbsent(l.outcome(), o -> new TreeMap<>()).merge(l.upperBoundMs(), l.observations(),
                    Long::sum);
        }
        JsonObject out = new JsonObject();
        byOutcome.forEach((outcome, buckets) -> {
            long count = buckets.values().stream().mapToLong(Long::longValue).sum();
            double p99 = quantile(0.99, buckets);
            out.put(outcome, new JsonObject().put("count", count)
                    .put("p99Ms", count == 0 ? null : Double.isInfinite(p99) ? null : round(p99)));
        });
        return out;
    }

    /**
     * The q-quantile of observations per bucket (not cumulative), by upper bound: the upper bound of the bucket that
     * holds it, as Prometheus's {@code histogram_quantile} bounds it; +Infinity when it lies above the last bound.
     */
    static double quantile(double q, TreeMap<Double, Long> buckets) {
        long count = buckets.values().stream().mapToLong(Long::longValue).sum();
        double rank = q * count;
        long seen = 0;
        for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return bucket.getKey();
            }
        }
        return buckets.isEmpty() ? Double.NaN : buckets.lastKey();
    }

    private static double perSecond(long requests, Duration over) {
        return round(requests * 1000.0 / over.toMillis());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
