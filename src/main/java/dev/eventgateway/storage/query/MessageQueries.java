package dev.eventgateway.storage.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/**
 * One message as the workers recorded it (DESIGN §5): its latest status (timeline worker), its ordered status
 * lifecycle, and the inbound message itself when it was one (crm worker). Read-only; non-blocking.
 */
public final class MessageQueries {

    /** A message's lifecycle is short (sent, delivered, read…); the cap only guards against a pathological one. */
    static final int MAX_LIFECYCLE = 200;

    private static final String STATUS = "SELECT * FROM message_statuses WHERE message_id = $1";
    private static final String LIFECYCLE = """
            SELECT * FROM message_status_events WHERE message_id = $1
             ORDER BY occurred_at, stored_at, event_id LIMIT %d""".formatted(MAX_LIFECYCLE);
    private static final String MESSAGE = "SELECT * FROM messages WHERE message_id = $1";

    private final Pool pool;

    public MessageQueries(Pool pool) {
        this.pool = pool;
    }

    /** Empty when no worker has recorded anything about this message id. */
    public Future<Optional<JsonObject>> find(String messageId) {
        Tuple id = Tuple.of(messageId);
        Future<RowSet<Row>> status = pool.preparedQuery(STATUS).execute(id);
        Future<RowSet<Row>> lifecycle = pool.preparedQuery(LIFECYCLE).execute(id);
        Future<RowSet<Row>> message = pool.preparedQuery(MESSAGE).execute(id);
        return Future.all(status, lifecycle, message).map(done -> {
            if (status.result().size() == 0 && lifecycle.result().size() == 0 && message.result().size() == 0) {
                return Optional.empty();
            }
            JsonObject out = new JsonObject().put("messageId", messageId);
            Row latest = status.result().size() == 0 ? null : status.result().iterator().next();
            out.put("status", latest == null ? null : latest.getString("status"))
                    .put("senderId", latest == null ? null : latest.getString("sender_id"))
                    .put("recipient", latest == null ? null : latest.getString("recipient"))
                    .put("error", latest == null ? null : Rows.json(latest, "error"))
                    .put("conversation", latest == null ? null : Rows.json(latest, "conversation"))
                    .put("pricing", latest == null ? null : Rows.json(latest, "pricing"))
                    .put("callbackData", latest == null ? null : latest.getString("callback_data"))
                    .put("timestamps", latest == null ? null : Rows.times(latest, "sent_at", "delivered_at",
                            "read_at", "played_at", "failed_at"))
                    .put("updatedAt", latest == null ? null : Rows.time(latest, "updated_at"));
            JsonArray events = new JsonArray();
            lifecycle.result().forEach(row -> events.add(statusEvent(row)));
            out.put("lifecycle", events);
            out.put("message", message.result().size() == 0 ? null
                    : ConversationQueries.message(message.result().iterator().next()));
            return Optional.of(out);
        });
    }

    private static JsonObject statusEvent(Row row) {
        return new JsonObject()
                .put("eventId", row.getString("event_id"))
                .put("status", row.getString("status"))
                .put("recipient", row.getString("recipient"))
                .put("error", Rows.json(row, "error"))
                .put("conversation", Rows.json(row, "conversation"))
                .put("pricing", Rows.json(row, "pricing"))
                .put("callbackData", row.getString("callback_data"))
                .put("webhookUid", row.getString("webhook_uid"))
                .put("provider", row.getString("provider"))
                .put("occurredAt", Rows.time(row, "occurred_at"))
                .put("receivedAt", Rows.time(row, "received_at"));
    }
}
