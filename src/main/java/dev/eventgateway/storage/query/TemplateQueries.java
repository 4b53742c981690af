package dev.eventgateway.storage.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Template statuses as the template-ops worker keeps them (DESIGN §5), each with its recent history. Read-only;
 * non-blocking.
 */
public final class TemplateQueries {

    /** The newest events of each template's history in an answer (oldest first); older ones stay in the table. */
    public static final int HISTORY_LIMIT = 50;

    private static final String FILTER = """
             WHERE ($1::text IS NULL OR sender_id = $1)
               AND ($2::text IS NULL OR status = $2)""";
    private static final String LIST = "SELECT * FROM templates " + FILTER
            + " ORDER BY last_event_at DESC, sender_id, template_name, language LIMIT $3 OFFSET $4";
    private static final String COUNT = "SELECT count(*) FROM templates " + FILTER;
    private static final String HISTORY = """
            SELECT e.* FROM unnest($1::text[], $2::text[], $3::text[]) AS k(sender_id, template_name, language)
            CROSS JOIN LATERAL (
                SELECT * FROM template_events t
                 WHERE t.sender_id = k.sender_id AND t.template_name = k.template_name AND t.language = k.language
                 ORDER BY t.occurred_at DESC, t.event_id DESC LIMIT %d) e
             ORDER BY e.occurred_at, e.event_id""".formatted(HISTORY_LIMIT);

    private final Pool pool;

    public TemplateQueries(Pool pool) {
        this.pool = pool;
    }

    /** Most recently changed first, each with {@code history}. Null filters do not filter. */
    public Future<Page<JsonObject>> list(String senderId, String status, PageRequest request) {
        Tuple where = Tuple.of(senderId, status);
        Future<RowSet<Row>> count = pool.preparedQuery(COUNT).execute(where);
        Future<RowSet<Row>> page = pool.preparedQuery(LIST).execute(Tuple.of(senderId, status, request.limit(),
                request.offset()));
        return Future.all(count, page).compose(done -> {
            Map<String, JsonObject> byKey = new LinkedHashMap<>();
            List<String> senders = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> languages = new ArrayList<>();
            for (Row row : page.result()) {
                byKey.put(key(row), template(row));
                senders.add(row.getString("sender_id"));
                names.add(row.getString("template_name"));
                languages.add(row.getString("language"));
            }
            long total = count.result().iterator().next().getLong(0);
            if (byKey.isEmpty()) {
                return Future.succeededFuture(new Page<>(List.of(), request, total));
            }
            return pool.preparedQuery(HISTORY).execute(Tuple.of(senders.toArray(String[]::new),
                    names.toArray(String[]::new), languages.toArray(String[]::new))).map(history -> {
                        history.forEach(row -> byKey.get(key(row)).getJsonArray("history").add(event(row)));
                        return new Page<>(List.copyOf(byKey.values()), request, total);
                    });
        });
    }

    private static String key(Row row) {
        return row.getString("sender_id") + '\u0000' + row.getString("template_name") + '\u0000'
                + row.getString("language");
    }

    private static JsonObject template(Row row) {
        return new JsonObject()
                .put("senderId", row.getString("sender_id"))
                .put("templateName", row.getString("template_name"))
                .put("language", row.getString("language"))
                .put("templateId", row.getString("template_id"))
                .put("category", row.getString("category"))
                .put("status", row.getString("status"))
                .put("quality", row.getString("quality"))
                .put("reason", row.getString("reason"))
                .put("lastEventAt", Rows.time(row, "last_event_at"))
                .put("updatedAt", Rows.time(row, "updated_at"))
                .put("history", new JsonArray());
    }

    private static JsonObject event(Row row) {
        return new JsonObject()
                .put("eventId", row.getString("event_id"))
                .put("type", row.getString("type"))
                .put("status", row.getString("status"))
                .put("previous", row.getString("previous"))
                .put("reason", row.getString("reason"))
                .put("details", Rows.json(row, "details"))
                .put("occurredAt", Rows.time(row, "occurred_at"));
    }
}
