package dev.eventgateway.storage.templates;

import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.SqlValues;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code notification_outbox}: written by the template-ops worker in the transaction of the event it is about
 * (so a notification exists exactly when its event was applied), read by the dispatcher that publishes it on
 * {@code wa.notifications} and POSTs it to the configured URL.
 * <p>
 * Dispatchers of several processes share the table safely: a dispatcher claims rows with a lease
 * ({@code claimed_until}, taken with {@code FOR UPDATE SKIP LOCKED}), so no two deliver the same row at once, and a
 * row whose dispatcher died is claimed again once its lease ran out.
 */
public final class NotificationOutbox {

    private static final String INSERT = """
            INSERT INTO notification_outbox (event_id, sender_id, template_name, language, severity, title, text,
                                             payload, http_state, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                    CASE WHEN $9 = 'pending' THEN clock_timestamp() END)
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String CLAIM = """
            UPDATE notification_outbox SET claimed_until = clock_timestamp() + $1::float8 * interval '1 millisecond'
             WHERE id IN (SELECT id FROM notification_outbox
                           WHERE (published_at IS NULL
                                  OR ($2::boolean AND http_state = 'pending' AND next_attempt_at <= clock_timestamp()))
                             AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
                           ORDER BY id
                           LIMIT $3::int
                           FOR UPDATE SKIP LOCKED)
            RETURNING id, event_id, sender_id, severity, text, payload, published_at IS NOT NULL AS published,
                      $2::boolean AND http_state = 'pending' AND next_attempt_at <= clock_timestamp() AS http_due,
                      attempts""";

    private static final String MARK_PUBLISHED =
            "UPDATE notification_outbox SET published_at = clock_timestamp() WHERE id = ANY($1::bigint[])";

    private static final String HTTP_DELIVERED = """
            UPDATE notification_outbox
               SET http_state = 'delivered', attempts = $2, delivered_at = clock_timestamp(), next_attempt_at = NULL
             WHERE id = $1""";

    private static final String HTTP_FAILED = """
            UPDATE notification_outbox
               SET http_state = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                   attempts = $2, last_error = $3, next_attempt_at = $4::timestamptz
             WHERE id = $1""";

    /** Both predicates have their partial index, so this stays cheap on a large outbox. */
    private static final String BACKLOG = """
            SELECT count(*) AS pending,
                   COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000, 0)::bigint AS oldest_ms
              FROM notification_outbox
             WHERE published_at IS NULL OR http_state = 'pending'""";

    private static final String RELEASE =
            "UPDATE notification_outbox SET claimed_until = NULL WHERE id = ANY($1::bigint[])";

    /** Queues each notification once by its event id (one already queued is skipped), in one round trip. */
    public Future<Void> insertAll(SqlClient sql, List<OutboxEntry> entries) {
        return SqlBatches.run(sql, INSERT, entries.stream().map(NotificationOutbox::insertTuple).toList());
    }

    private static Tuple insertTuple(OutboxEntry e) {
        return Tuple.of(e.eventId(), e.senderId(), e.templateName(), e.language(), e.severity(), e.title(), e.text(),
                SqlValues.jsonb(e.payload()), e.httpPending() ? "pending" : "skipped");
    }

    /**
     * Claims up to {@code limit} rows that need a delivery — not yet published, or (when {@code http}) with an HTTP
     * POST due — for {@code lease}. Rows come in outbox order.
     */
    public Future<List<OutboxRow>> claim(SqlClient sql, int limit, Duration lease, boolean http) {
        return sql.preparedQuery(CLAIM)
                .execute(Tuple.of((double) lease.toMillis(), http, limit))
                .map(rows -> {
                    List<OutboxRow> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new OutboxRow(row.getLong("id"), row.getString("event_id"),
                                row.getString("sender_id"), row.getString("severity"), row.getString("text"),
                                (JsonObject) row.getValue("payload"), row.getBoolean("published"),
                                row.getBoolean("http_due"), row.getInteger("attempts")));
                    }
                    out.sort(Comparator.comparingLong(OutboxRow::id));
                    return out;
                });
    }

    /** The rows are on the notifications topic; one statement for all of them. */
    public Future<Void> markPublished(SqlClient sql, List<Long> ids) {
        return ids.isEmpty() ? Future.succeededFuture()
                : sql.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
    }

    /** The POST succeeded on attempt {@code attempts}. */
    public Future<Void> httpDelivered(SqlClient sql, long id, int attempts) {
        return sql.preparedQuery(HTTP_DELIVERED).execute(Tuple.of(id, attempts)).mapEmpty();
    }

    /**
     * The POST failed on attempt {@code attempts}; it is tried again at {@code nextAttemptAt}, or never (marked
     * {@code failed}) when that is null.
     */
    public Future<Void> httpFailed(SqlClient sql, long id, int attempts, String error, Instant nextAttemptAt) {
        return sql.preparedQuery(HTTP_FAILED)
                .execute(Tuple.of(id, attempts, error, SqlValues.timestamp(nextAttemptAt)))
                .mapEmpty();
    }

    /**
     * The notifications not fully delivered yet (not on the notifications topic, or an HTTP post still due) and the
     * age of the oldest, in milliseconds: {@code [pending, oldestMs]}.
     */
    public Future<long[]> backlog(SqlClient sql) {
        return sql.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new long[]{row.getLong("pending"), row.getLong("oldest_ms")};
        });
    }

    /** Ends the claims: the rows are free for the next pass (of any dispatcher); one statement for all of them. */
    public Future<Void> release(SqlClient sql, List<Long> ids) {
        return ids.isEmpty() ? Future.succeededFuture()
                : sql.preparedQuery(RELEASE).execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
    }
}
