package dev.eventgateway.storage.spool;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The table {@code ingress_spool} (V9): one row per spooled request, its records encoded by the caller. Rows are
 * appended, read oldest first and deleted once published; never updated. Non-blocking; every future fails with the
 * pg client's exception.
 * <p>
 * One drainer at a time over every gateway: {@link #drainOldest} runs in a transaction that first takes a
 * transaction-scoped advisory lock, so a second drainer finds it held and waits for its next turn, and a drainer
 * whose process dies releases it with its connection. Several drainers taking disjoint rows ({@code SKIP LOCKED})
 * would publish the rows out of order.
 */
public final class SpoolTable {

    /** The advisory lock key of the drainer (the ASCII of "EGSPOOL"). */
    static final long DRAIN_LOCK = 0x4547_5350_4f4f_4cL;

    /** A spooled request as read for draining. */
    public record Spooled(long id, Instant spooledAt, byte[] batch) {
    }

    /** The whole spool over every gateway. */
    public record Stats(long requests, long bytes, Instant oldest) {
    }

    /** What one drain round did: whether this drainer held the lock, and how many rows it published and deleted. */
    public record Drained(boolean locked, int rows) {
    }

    private static final String INSERT = """
            INSERT INTO ingress_spool (spooled_at, request_id, webhook_uid, records, bytes, batch)
            VALUES ($1, $2, $3, $4, $5, $6)
            """;
    private static final String STATS = "SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes, min(spooled_at) AS oldest"
            + " FROM ingress_spool";
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1) AS locked";
    private static final String OLDEST_SIZES = "SELECT id, bytes FROM ingress_spool ORDER BY id LIMIT $1";
    private static final String READ = "SELECT id, spooled_at, batch FROM ingress_spool WHERE id = ANY($1) ORDER BY id";
    private static final String DELETE = "DELETE FROM ingress_spool WHERE id = ANY($1)";

    private final Pool pool;

    public SpoolTable(Pool pool) {
        this.pool = pool;
    }

    /** Appends one request's encoded records; one statement, so one transaction. */
    public Future<Void> append(Instant spooledAt, String requestId, String webhookUid, int records, byte[] batch) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(utc(spooledAt), requestId, webhookUid, records, (long) batch.length,
                        io.vertx.core.buffer.Buffer.buffer(batch)))
                .mapEmpty();
    }

    public Future<Stats> stats() {
        return pool.query(STATS).execute().map(rows -> {
            Row row = rows.iterator().next();
            OffsetDateTime oldest = row.getOffsetDateTime("oldest");
            return new Stats(row.getLong("n"), row.getLong("bytes"), oldest == null ? null : oldest.toInstant());
        });
    }

    /**
     * Takes the oldest rows (at most {@code maxRows}, and no more than {@code maxBytes} unless one row is larger on
     * its own), hands them to {@code publish} in spool order, and deletes them once its future succeeded, all in one
     * transaction under the drain lock. When {@code publish} fails, nothing is deleted. Another drainer holding the
     * lock: nothing is read ({@code locked} false).
     */
    public Future<Drained> drainOldest(int maxRows, long maxBytes, Function<List<Spooled>, Future<Void>> publish) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(DRAIN_LOCK))
                .compose(lock -> lock.iterator().next().getBoolean("locked")
                        ? drainLocked(conn, maxRows, maxBytes, publish)
                        : Future.succeededFuture(new Drained(false, 0))));
    }

    private static Future<Drained> drainLocked(SqlConnection conn, int maxRows, long maxBytes,
                                               Function<List<Spooled>, Future<Void>> publish) {
        return conn.preparedQuery(OLDEST_SIZES).execute(Tuple.of(maxRows)).compose(sizes -> {
            List<Long> ids = new ArrayList<>();
            long total = 0;
            for (Row row : sizes) {
                total += row.getLong("bytes");
                if (!ids.isEmpty() && total > maxBytes) {
                    break;
                }
                ids.add(row.getLong("id"));
            }
            if (ids.isEmpty()) {
                return Future.succeededFuture(new Drained(true, 0));
            }
            Long[] idArray = ids.toArray(Long[]::new);
            return conn.preparedQuery(READ).execute(Tuple.of(idArray)).compose(rows -> {
                List<Spooled> spooled = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    spooled.add(new Spooled(row.getLong("id"), row.getOffsetDateTime("spooled_at").toInstant(),
                            row.getBuffer("batch").getBytes()));
                }
                return publish.apply(spooled);
            }).compose(published -> conn.preparedQuery(DELETE).execute(Tuple.of(idArray)))
                    .map(deleted -> new Drained(true, idArray.length));
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
