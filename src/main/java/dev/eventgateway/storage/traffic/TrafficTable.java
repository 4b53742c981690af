package dev.eventgateway.storage.traffic;

import dev.eventgateway.storage.query.Page;
import dev.eventgateway.storage.query.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables {@code traffic_requests} and {@code traffic_publish_latency} (V6): what each gateway's meters counted
 * per interval ("slot"), appended by each instance, read summed over every instance, pruned by age. Slots are
 * half-open: a read {@code [from, to)} takes the slots that start in it. Non-blocking; every future fails with the
 * pg client's exception.
 */
public final class TrafficTable {

    /** Requests of one webhook with one outcome in one slot (of one instance when written, of all when read). */
    public record Count(Instant slot, String webhookUid, String provider, String outcome, long requests) {
    }

    /** Publish observations with one outcome in one histogram bucket (not cumulative) in one slot. */
    public record Latency(Instant slot, String outcome, double upperBoundMs, long observations) {
    }

    /** One webhook's requests over a read's whole span and over its recent part, every instance and outcome. */
    public record WebhookTotal(String webhookUid, String provider, long recent, long total) {
    }

    private static final String INSERT_REQUESTS = """
            INSERT INTO traffic_requests AS t (bucket_start, instance_id, webhook_uid, provider, outcome, requests)
            SELECT s, $2, u, p, o, n FROM unnest($1::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                AS x(s, u, p, o, n)
            ON CONFLICT (bucket_start, instance_id, webhook_uid, outcome)
                DO UPDATE SET requests = t.requests + excluded.requests
            """;
    private static final String INSERT_LATENCY = """
            INSERT INTO traffic_publish_latency AS t (bucket_start, instance_id, outcome, upper_bound_ms, observations)
            SELECT s, $2, o, b, n FROM unnest($1::timestamptz[], $3::text[], $4::float8[], $5::bigint[])
                AS x(s, o, b, n)
            ON CONFLICT (bucket_start, instance_id, outcome, upper_bound_ms)
                DO UPDATE SET observations = t.observations + excluded.observations
            """;
    private static final String BUSIEST = """
            SELECT webhook_uid, min(provider) AS provider,
                   coalesce(sum(requests) FILTER (WHERE bucket_start >= $2), 0) AS recent, sum(requests) AS total,
                   count(*) OVER () AS webhooks
            FROM traffic_requests WHERE bucket_start >= $1 AND bucket_start < $3
            GROUP BY webhook_uid
            ORDER BY recent DESC, total DESC, webhook_uid LIMIT $4 OFFSET $5
            """;
    private static final String SERIES = """
            SELECT bucket_start, webhook_uid, min(provider) AS provider, outcome, sum(requests) AS requests
            FROM traffic_requests WHERE bucket_start >= $1 AND bucket_start < $2 AND webhook_uid = ANY($3::text[])
            GROUP BY bucket_start, webhook_uid, outcome
            """;
    private static final String LATENCY = """
            SELECT outcome, upper_bound_ms, sum(observations) AS observations
            FROM traffic_publish_latency WHERE bucket_start >= $1 AND bucket_start < $2
            GROUP BY outcome, upper_bound_ms ORDER BY outcome, upper_bound_ms
            """;
    private static final String PRUNE_REQUESTS = "DELETE FROM traffic_requests WHERE bucket_start < $1";
    private static final String PRUNE_LATENCY = "DELETE FROM traffic_publish_latency WHERE bucket_start < $1";

    private final Pool pool;

    public TrafficTable(Pool pool) {
        this.pool = pool;
    }

    /** One instance's counts of one or more slots; a slot written twice adds up. */
    public Future<Void> append(String instanceId, List<Count> counts, List<Latency> latencies) {
        List<Future<?>> writes = new ArrayList<>(2);
        if (!counts.isEmpty()) {
            int n = counts.size();
            OffsetDateTime[] slot = new OffsetDateTime[n];
            String[] uid = new String[n];
            String[] provider = new String[n];
            String[] outcome = new String[n];
            Long[] requests = new Long[n];
            for (int i = 0; i < n; i++) {
                Count c = counts.get(i);
                slot[i] = utc(c.slot());
                uid[i] = c.webhookUid();
                provider[i] = c.provider();
                outcome[i] = c.outcome();
                requests[i] = c.requests();
            }
            writes.add(pool.preparedQuery(INSERT_REQUESTS)
                    .execute(Tuple.of(slot, instanceId, uid, provider, outcome, requests)));
        }
        if (!latencies.isEmpty()) {
            int n = latencies.size();
            OffsetDateTime[] slot = new OffsetDateTime[n];
            String[] outcome = new String[n];
            Double[] bound = new Double[n];
            Long[] observations = new Long[n];
            for (int i = 0; i < n; i++) {
                Latency l = latencies.get(i);
                slot[i] = utc(l.slot());
                outcome[i] = l.outcome();
                bound[i] = l.upperBoundMs();
                observations[i] = l.observations();
            }
            writes.add(pool.preparedQuery(INSERT_LATENCY)
                    .execute(Tuple.of(slot, instanceId, outcome, bound, observations)));
        }
        return Future.all(writes).mapEmpty();
    }

    /**
     * The webhooks with requests in {@code [from, to)}, busiest in {@code [recentFrom, to)} first, then busiest
     * over the whole span; paged.
     */
    public Future<Page<WebhookTotal>> busiest(Instant from, Instant recentFrom, Instant to, PageRequest request) {
        return pool.preparedQuery(BUSIEST)
                .execute(Tuple.of(utc(from), utc(recentFrom), utc(to), request.limit(), request.offset()))
                .map(set -> {
                    List<WebhookTotal> out = new ArrayList<>();
                    long webhooks = 0;
                    for (Row row : set) {
                        out.add(new WebhookTotal(row.getString("webhook_uid"), row.getString("provider"),
                                row.getLong("recent"), row.getLong("total")));
                        webhooks = row.getLong("webhooks");
                    }
                    // past the last page no row carries the count: an empty page, total unknown but at most offset
                    return new Page<>(out, request, out.isEmpty() ? Math.min(webhooks, request.offset()) : webhooks);
                });
    }

    /** The counts of these webhooks per slot and outcome in {@code [from, to)}, summed over every instance. */
    public Future<List<Count>> counts(List<String> webhookUids, Instant from, Instant to) {
        if (webhookUids.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery(SERIES)
                .execute(Tuple.of(utc(from), utc(to), webhookUids.toArray(String[]::new)))
                .map(set -> {
                    List<Count> out = new ArrayList<>();
                    for (Row row : set) {
                        out.add(new Count(row.getOffsetDateTime("bucket_start").toInstant(),
                                row.getString("webhook_uid"), row.getString("provider"), row.getString("outcome"),
                                row.getLong("requests")));
                    }
                    return out;
                });
    }

    /**
     * The publish histogram of {@code [from, to)}, summed over every instance and slot: per outcome, bounds
     * ascending; the slot of each item is {@code from}.
     */
    public Future<List<Latency>> latency(Instant from, Instant to) {
        return pool.preparedQuery(LATENCY).execute(Tuple.of(utc(from), utc(to))).map(set -> {
            List<Latency> out = new ArrayList<>();
            for (Row row : set) {
                out.add(new Latency(from, row.getString("outcome"), row.getDouble("upper_bound_ms"),
                        row.getLong("observations")));
            }
            return out;
        });
    }

    /** Deletes every slot that starts before {@code before}. */
    public Future<Void> prune(Instant before) {
        Tuple cutoff = Tuple.of(utc(before));
        return pool.preparedQuery(PRUNE_REQUESTS).execute(cutoff)
                .compose(done -> pool.preparedQuery(PRUNE_LATENCY).execute(cutoff)).mapEmpty();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
