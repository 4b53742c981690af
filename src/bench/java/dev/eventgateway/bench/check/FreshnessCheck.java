package dev.eventgateway.bench.check;

import org.HdrHistogram.Histogram;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * End-to-end freshness and the PostgreSQL loss check, from the rows the workers write (DESIGN §5; schema
 * V2__worker_tables.sql): every acknowledged event id must become exactly one row of {@code messages},
 * {@code message_status_events} or {@code template_events}, and {@code stored_at} minus the time the load generator
 * meant to send the request is the freshness — taken, like the latency, over the requests meant to be sent in the
 * phase's measured window (every acknowledged event, warm-up included, must still have its row).
 * <p>
 * The rows are awaited until all are there, until none came for {@code quiet} ({@code stalled}: what is missing then
 * counts as lost), or until {@code limit} passed while rows were still coming ({@code behind}: the workers are slower
 * than the load; what is missing is late, not lost). Events still without a row when the wait ends enter the
 * freshness histogram with the time waited so far, so a late row can only make the percentiles look worse, never
 * better.
 */
public final class FreshnessCheck {

    private static final String QUERY = """
            SELECT event_id, (extract(epoch FROM received_at) * 1000000)::bigint,
                   (extract(epoch FROM stored_at) * 1000000)::bigint, 0 FROM messages WHERE event_id = ANY(?)
            UNION ALL
            SELECT event_id, (extract(epoch FROM received_at) * 1000000)::bigint,
                   (extract(epoch FROM stored_at) * 1000000)::bigint, 1 FROM message_status_events
                   WHERE event_id = ANY(?)
            UNION ALL
            SELECT event_id, NULL, (extract(epoch FROM stored_at) * 1000000)::bigint, 2
                   FROM template_events WHERE event_id = ANY(?)
            """;
    /** The worker that writes each table of the query, by the query's fourth column. */
    public static final List<String> WORKERS = List.of("crm", "timeline", "template-ops");
    private static final int CHUNK = 5000;

    /**
     * @param status          {@code measured} (every row found), {@code stalled}, {@code behind}, {@code no rows} or
     *                        {@code tables missing or unreadable: …}
     * @param expected        acknowledged event ids
     * @param found           of them, with exactly one row
     * @param missing         with no row when the wait ended (lost when {@code stalled}, late when {@code behind})
     * @param duplicated      with more than one row
     * @param postToRow       provider POST (intended send time) → row stored, microseconds
     * @param receivedToRow   gateway received → row stored (the workers' own two timestamps), microseconds
     * @param waitedSeconds   how long after the load the rows were awaited
     * @param byWorker        the same two histograms per worker ({@link #WORKERS}; template-ops rows have no
     *                        received time), over the measured events that have their row
     */
    public record Result(String status, long expected, long found, long missing, long duplicated,
                         Histogram postToRow, Histogram receivedToRow, double waitedSeconds,
                         Map<String, Histogram[]> byWorker) {
    }

    private FreshnessCheck() {
    }

    /** Waits until every acknowledged event has its row, or no new row came for {@code quiet}, or {@code limit} passed. */
    public static Result await(String jdbcUrl, String user, String password, Map<String, Long> sendWallMicros,
                               Set<String> measured, Duration quiet, Duration limit) {
        long started = System.nanoTime();
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        List<String> ids = new ArrayList<>(sendWallMicros.keySet());
        try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
            Map<String, long[]> rows = new HashMap<>();
            List<String> remaining = ids;
            int lastCount = -1;
            long lastProgress = System.nanoTime();
            boolean stalled = false;
            while (true) {
                // only the ids still without a row are asked for again: each round gets cheaper
                rows.putAll(read(connection, remaining));
                Map<String, long[]> found = rows;
                remaining = remaining.stream().filter(id -> !found.containsKey(id)).toList();
                if (rows.size() != lastCount) {
                    lastCount = rows.size();
                    lastProgress = System.nanoTime();
                }
                stalled = System.nanoTime() - lastProgress > quiet.toNanos();
                boolean over = System.nanoTime() - started > limit.toNanos();
                if (rows.size() == ids.size() || stalled || over) {
                    break;
                }
                Thread.sleep(500);
            }
            double waited = (System.nanoTime() - started) / 1e9;
            if (rows.isEmpty()) {
                return new Result("no rows", ids.size(), 0, ids.size(), 0, null, null, waited, Map.of());
            }
            Histogram postToRow = new Histogram(3_600_000_000L, 3);
            Histogram receivedToRow = new Histogram(3_600_000_000L, 3);
            Map<String, Histogram[]> byWorker = new java.util.LinkedHashMap<>();
            for (String worker : WORKERS) {
                byWorker.put(worker, new Histogram[]{new Histogram(3_600_000_000L, 3),
                    new Histogram(3_600_000_000L, 3)});
            }
            long duplicated = 0;
            long nowMicros = System.currentTimeMillis() * 1000;
            for (Map.Entry<String, Long> sent : sendWallMicros.entrySet()) {
                long[] r = rows.get(sent.getKey());
                if (r != null && r[2] > 1) {
                    duplicated++;
                }
                if (!measured.contains(sent.getKey())) {
                    continue; // warm-up: it must have its row like every event, but its freshness is not measured
                }
                if (r == null) {
                    postToRow.recordValue(Math.max(0, nowMicros - sent.getValue())); // not yet: at least this late
                    continue;
                }
                postToRow.recordValue(Math.max(0, r[1] - sent.getValue()));
                Histogram[] worker = byWorker.get(WORKERS.get((int) r[3]));
                worker[0].recordValue(Math.max(0, r[1] - sent.getValue()));
                if (r[0] > 0) {
                    receivedToRow.recordValue(Math.max(0, r[1] - r[0]));
                    worker[1].recordValue(Math.max(0, r[1] - r[0]));
                }
            }
            long missing = ids.size() - rows.size();
            String status = missing == 0 ? "measured" : stalled ? "stalled" : "behind";
            return new Result(status, ids.size(), rows.size() - duplicated, missing, duplicated, postToRow,
                    receivedToRow, waited, byWorker);
        } catch (SQLException e) {
            return new Result("tables missing or unreadable: " + e.getMessage(), ids.size(), 0, 0, 0, null, null,
                    (System.nanoTime() - started) / 1e9, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** event id → [received µs, stored µs, rows, worker index]. */
    private static Map<String, long[]> read(Connection connection, List<String> ids) throws SQLException {
        Map<String, long[]> rows = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                Array chunk = connection.createArrayOf("text",
                        ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray());
                statement.setArray(1, chunk);
                statement.setArray(2, chunk);
                statement.setArray(3, chunk);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long[] row = rows.computeIfAbsent(rs.getString(1), k -> new long[4]);
                        row[0] = rs.getLong(2);
                        row[1] = rs.getLong(3);
                        row[2]++;
                        row[3] = rs.getInt(4);
                    }
                }
            }
        }
        return rows;
    }
}
