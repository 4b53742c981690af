package dev.eventgateway.storage.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The CRM inbox the crm worker keeps (DESIGN §5): conversations and their messages. Read-only; non-blocking. */
public final class ConversationQueries {

    /** A customer is found by phone number, business-scoped user id (BSUID) or username. */
    private static final String FILTER = """
             WHERE ($1::text IS NULL OR c.sender_id = $1)
               AND ($2::text IS NULL OR c.phone = $2 OR c.user_id = $2 OR c.username = $2)""";
    /**
     * The conversation key ({@code phone}: the phone number, else the BSUID, {@code group:<id>} for a group) of the
     * customer named by $2, by any of their ids; $2 itself when no conversation has it.
     */
    private static final String KEY = """
            COALESCE((SELECT k.phone FROM conversations k WHERE k.sender_id = $1 AND k.phone = $2),
                     (SELECT k.phone FROM conversations k WHERE k.sender_id = $1 AND (k.user_id = $2 OR k.username = $2)
                       ORDER BY k.updated_at DESC LIMIT 1),
                     $2)""";
    /** A conversation with its customer's marketing preference, when the crm worker has one. */
    private static final String WITH_CONTACT = """
            SELECT c.*, p.marketing, p.marketing_detail, p.marketing_at FROM conversations c
              LEFT JOIN contacts p ON p.sender_id = c.sender_id AND p.wa_id = c.phone""";
    private static final String LIST = WITH_CONTACT + " " + FILTER
            + " ORDER BY c.last_message_at DESC NULLS LAST, c.sender_id, c.phone LIMIT $3 OFFSET $4";
    private static final String COUNT = "SELECT count(*) FROM conversations c " + FILTER;
    private static final String ONE = WITH_CONTACT + " WHERE c.sender_id = $1 AND c.phone = " + KEY;
    /** A customer known only from a contact event (e.g. a marketing opt-out before any message). */
    private static final String CONTACT = """
            SELECT sender_id, wa_id AS phone, address_book_name AS contact_name, marketing, marketing_detail,
                   marketing_at, created_at, updated_at
              FROM contacts WHERE sender_id = $1 AND wa_id = $2""";
    private static final String MESSAGES = "SELECT * FROM messages WHERE sender_id = $1 AND phone = " + KEY
            + " ORDER BY occurred_at DESC, message_id LIMIT $3 OFFSET $4";
    private static final String MESSAGE_COUNT = "SELECT count(*) FROM messages WHERE sender_id = $1 AND phone = "
            + KEY;

    private final Pool pool;
    private final Clock clock;

    public ConversationQueries(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Newest activity first. Null filters do not filter. */
    public Future<Page<JsonObject>> list(String senderId, String phone, PageRequest request) {
        Tuple where = Tuple.of(senderId, phone);
        Future<RowSet<Row>> count = pool.preparedQuery(COUNT).execute(where);
        Future<RowSet<Row>> page = pool.preparedQuery(LIST).execute(Tuple.of(senderId, phone, request.limit(),
                request.offset()));
        return Future.all(count, page).map(done -> {
            List<JsonObject> items = new ArrayList<>();
            page.result().forEach(row -> items.add(conversation(row)));
            return new Page<>(items, request, count.result().iterator().next().getLong(0));
        });
    }

    /** One conversation and a page of its messages. */
    public record WithMessages(JsonObject conversation, Page<JsonObject> messages) {
    }

    /**
     * One conversation with a page of its messages, newest first, and the customer's marketing preference; a
     * customer known only from a contact event is shown as a conversation without messages. Empty when neither
     * exists.
     */
    public Future<Optional<WithMessages>> find(String senderId, String phone, PageRequest request) {
        Tuple key = Tuple.of(senderId, phone);
        Future<RowSet<Row>> one = pool.preparedQuery(ONE).execute(key);
        Future<RowSet<Row>> contact = pool.preparedQuery(CONTACT).execute(key);
        Future<RowSet<Row>> count = pool.preparedQuery(MESSAGE_COUNT).execute(key);
        Future<RowSet<Row>> page = pool.preparedQuery(MESSAGES).execute(Tuple.of(senderId, phone, request.limit(),
                request.offset()));
        return Future.all(one, contact, count, page).map(done -> {
            JsonObject conversation;
            if (one.result().size() > 0) {
                conversation = conversation(one.result().iterator().next());
            } else if (contact.result().size() > 0) {
                conversation = contactOnly(contact.result().iterator().next());
            } else {
                return Optional.empty();
            }
            List<JsonObject> items = new ArrayList<>();
            page.result().forEach(row -> items.add(message(row)));
            return Optional.of(new WithMessages(conversation,
                    new Page<>(items, request, count.result().iterator().next().getLong(0))));
        });
    }

    private JsonObject conversation(Row row) {
        OffsetDateTime window = row.getOffsetDateTime("service_window_expires_at");
        String lastId = row.getString("last_message_id");
        return new JsonObject()
                .put("senderId", row.getString("sender_id"))
                .put("phone", row.getString("phone"))
                .put("userId", row.getString("user_id"))
                .put("username", row.getString("username"))
                .put("groupId", row.getString("group_id"))
                .put("contactName", row.getString("contact_name"))
                .put("lastMessage", lastId == null ? null : new JsonObject()
                        .put("messageId", lastId)
                        .put("type", row.getString("last_message_type"))
                        .put("text", row.getString("last_message_text"))
                        .put("direction", row.getString("last_message_direction"))
                        .put("occurredAt", Rows.time(row, "last_message_at")))
                .put("messageCount", row.getLong("message_count"))
                .put("firstInboundAt", Rows.time(row, "first_inbound_at"))
                .put("lastInboundAt", Rows.time(row, "last_inbound_at"))
                .put("serviceWindowExpiresAt", Rows.time(row, "service_window_expires_at"))
                .put("serviceWindowOpen", window != null && window.toInstant().isAfter(clock.instant()))
                .put("marketing", marketing(row))
                .put("createdAt", Rows.time(row, "created_at"))
                .put("updatedAt", Rows.time(row, "updated_at"));
    }

    private static JsonObject contactOnly(Row row) {
        return new JsonObject()
                .put("senderId", row.getString("sender_id"))
                .put("phone", row.getString("phone"))
                .put("contactName", row.getString("contact_name"))
                .putNull("lastMessage")
                .put("messageCount", 0L)
                .putNull("firstInboundAt")
                .putNull("lastInboundAt")
                .putNull("serviceWindowExpiresAt")
                .put("serviceWindowOpen", false)
                .put("marketing", marketing(row))
                .put("createdAt", Rows.time(row, "created_at"))
                .put("updatedAt", Rows.time(row, "updated_at"));
    }

    /**
     * The customer's marketing preference as they last set it ({@code stop} or {@code resume}), or null when they
     * never changed it: {@code optedOut} is what a campaign suppression list checks.
     */
    private static JsonObject marketing(Row row) {
        String preference = row.getString("marketing");
        return preference == null ? null : new JsonObject()
                .put("preference", preference)
                .put("optedOut", "stop".equals(preference))
                .put("detail", row.getString("marketing_detail"))
                .put("updatedAt", Rows.time(row, "marketing_at"));
    }

    /** A row of {@code messages}: a message of either direction as the crm worker stored it. */
    static JsonObject message(Row row) {
        return new JsonObject()
                .put("messageId", row.getString("message_id"))
                .put("eventId", row.getString("event_id"))
                .put("senderId", row.getString("sender_id"))
                .put("phone", row.getString("phone"))
                .put("webhookUid", row.getString("webhook_uid"))
                .put("provider", row.getString("provider"))
                .put("messageType", row.getString("message_type"))
                .put("direction", row.getString("direction"))
                .put("text", row.getString("text"))
                .put("data", Rows.json(row, "data"))
                .put("occurredAt", Rows.time(row, "occurred_at"))
                .put("receivedAt", Rows.time(row, "received_at"));
    }
}
