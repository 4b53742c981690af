package dev.eventgateway.storage.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The template notifications the template-ops worker sent (its outbox, DESIGN §5), newest first, with how their
 * delivery went. Read-only; non-blocking.
 */
public final class NotificationQueries {

    private static final String FILTER = " WHERE ($1::text IS NULL OR sender_id = $1)";
    private static final String LIST = "SELECT * FROM notification_outbox" + FILTER
            + " ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3";
    private static final String COUNT = "SELECT count(*) FROM notification_outbox" + FILTER;

    private final Pool pool;

    public NotificationQueries(Pool pool) {
        this.pool = pool;
    }

    public Future<Page<JsonObject>> list(String senderId, PageRequest request) {
        Future<Long> total = pool.preparedQuery(COUNT).execute(Tuple.of(senderId))
                .map(set -> set.iterator().next().getLong(0));
        Future<List<JsonObject>> items = pool.preparedQuery(LIST)
                .execute(Tuple.of(senderId, request.limit(), request.offset()))
                .map(set -> {
                    List<JsonObject> out = new ArrayList<>();
                    set.forEach(row -> out.add(notification(row)));
                    return out;
                });
        return Future.all(total, items).map(done -> new Page<>(items.result(), request, total.result()));
    }

    private static JsonObject notification(Row row) {
        return new JsonObject()
                .put("eventId", row.getString("event_id"))
                .put("senderId", row.getString("sender_id"))
                .put("templateName", row.getString("template_name"))
                .put("language", row.getString("language"))
                .put("severity", row.getString("severity"))
                .put("title", row.getString("title"))
                .put("text", row.getString("text"))
                .put("httpState", row.getString("http_state"))
                .put("attempts", row.getInteger("attempts"))
                .put("lastError", row.getString("last_error"))
                .put("createdAt", Rows.time(row, "created_at"))
                .put("deliveredAt", Rows.time(row, "delivered_at"))
                .put("publishedAt", Rows.time(row, "published_at"));
    }
}
