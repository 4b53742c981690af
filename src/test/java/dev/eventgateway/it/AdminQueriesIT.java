package dev.eventgateway.it;

import dev.eventgateway.support.AdminClient;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query routes over the workers' tables (V2). Rows are written here directly, as the workers would, so these
 * tests stand on their own; every answer is also checked against the OpenAPI document.
 */
@GatewayIT
class AdminQueriesIT {

    private static final Instant T0 = Instant.parse("2026-06-05T10:30:00Z");

    @Test
    void aMessageShowsItsLatestStatusAndItsLifecycleInOrder(GatewayStack stack) {
        Db db = stack.db();
        String messageId = "wamid.q-" + UUID.randomUUID();
        // arrived out of order: read first, then sent, then delivered
        statusEvent(db, messageId, "read", T0.plusSeconds(60));
        statusEvent(db, messageId, "sent", T0);
        statusEvent(db, messageId, "delivered", T0.plusSeconds(30));
        db.execute("""
                INSERT INTO message_statuses (message_id, sender_id, recipient, status, status_rank, pricing,
                    callback_data, sent_at, delivered_at, read_at)
                VALUES (?, '916268662275', '919888888888', 'read', 3, '{"billable":true}'::jsonb, 'order-42', ?, ?, ?)
                """, messageId, ts(T0), ts(T0.plusSeconds(30)), ts(T0.plusSeconds(60)));

        AdminClient.Answer answer = stack.admin().get("/api/v2/messages/" + messageId);

        assertThat(answer.status()).isEqualTo(200);
        JsonObject data = answer.data();
        assertThat(data.getString("status")).isEqualTo("read");
        assertThat(data.getString("callbackData")).isEqualTo("order-42");
        assertThat(data.getJsonObject("pricing")).isEqualTo(new JsonObject().put("billable", true));
        assertThat(data.getJsonObject("timestamps").getString("deliveredAt")).isEqualTo("2026-06-05T10:30:30Z");
        assertThat(data.getJsonObject("timestamps").getString("failedAt")).isNull();
        assertThat(data.getJsonArray("lifecycle").stream().map(e -> ((JsonObject) e).getString("status")))
                .containsExactly("sent", "delivered", "read");
        assertThat(data.getValue("message")).isNull();
    }

    @Test
    void anInboundMessageIsFoundWithoutAnyStatusAndAnUnknownOneIs404(GatewayStack stack) {
        String senderId = newSenderId();
        String messageId = inbound(stack.db(), senderId, "919800000001", "hello", T0);

        AdminClient.Answer found = stack.admin().get("/api/v2/messages/" + messageId);
        AdminClient.Answer missing = stack.admin().get("/api/v2/messages/wamid.never-" + UUID.randomUUID());

        assertThat(found.data().getValue("status")).isNull();
        assertThat(found.data().getJsonArray("lifecycle")).isEmpty();
        assertThat(found.data().getJsonObject("message").getString("text")).isEqualTo("hello");
        assertThat(found.data().getJsonObject("message").getJsonObject("data").getString("from"))
                .isEqualTo("919800000001");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void conversationsAreFilteredPaginatedAndShownWithTheirMessages(GatewayStack stack) {
        Db db = stack.db();
        String senderId = newSenderId();
        conversation(db, senderId, "919800000001", T0, T0.plusSeconds(3600 * 24 * 365 * 10L));
        conversation(db, senderId, "919800000002", T0.plusSeconds(10), T0);
        conversation(db, senderId, "919800000003", T0.plusSeconds(20), T0);
        String older = inbound(db, senderId, "919800000001", "first", T0.minusSeconds(60));
        String newer = inbound(db, senderId, "919800000001", "second", T0);

        AdminClient.Answer page1 = stack.admin().get("/api/v2/conversations?senderId=" + senderId + "&limit=2");
        AdminClient.Answer page2 = stack.admin().get("/api/v2/conversations?senderId=" + senderId + "&limit=2&page=2");
        AdminClient.Answer byPhone = stack.admin().get("/api/v2/conversations?senderId=" + senderId
                + "&phone=919800000002");
        AdminClient.Answer one = stack.admin().get("/api/v2/conversations/" + senderId + "/919800000001?limit=1");
        AdminClient.Answer oneNext = stack.admin().get("/api/v2/conversations/" + senderId
                + "/919800000001?limit=1&page=2");

        assertThat(phones(page1.json().getJsonArray("data"))).containsExactly("919800000003", "919800000002");
        assertThat(page1.json().getJsonObject("pagination").getLong("total")).isEqualTo(3);
        assertThat(phones(page2.json().getJsonArray("data"))).containsExactly("919800000001");
        assertThat(phones(byPhone.json().getJsonArray("data"))).containsExactly("919800000002");
        JsonObject conversation = one.data();
        assertThat(conversation.getString("contactName")).isEqualTo("Customer 919800000001");
        assertThat(conversation.getBoolean("serviceWindowOpen")).isTrue();
        assertThat(conversation.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("messageId")))
                .containsExactly(newer);
        assertThat(one.json().getJsonObject("pagination").getLong("total")).isEqualTo(2);
        assertThat(oneNext.data().getJsonArray("messages").getJsonObject(0).getString("messageId")).isEqualTo(older);
        assertThat(stack.admin().get("/api/v2/conversations/" + senderId + "/000").status()).isEqualTo(404);
        assertThat(stack.admin().get("/api/v2/conversations?limit=500").errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(stack.admin().get("/api/v2/conversations/" + senderId + "/1?page=0").status()).isEqualTo(400);
    }

    @Test
    void templatesComeWithTheirHistoryOldestFirst(GatewayStack stack) {
        Db db = stack.db();
        String senderId = newSenderId();
        db.execute("""
                INSERT INTO templates (sender_id, template_name, language, category, status, last_event_at)
                VALUES (?, 'payment_reminder_v1', 'en', 'UTILITY', 'APPROVED', ?),
                       (?, 'promo_v2', 'en', 'MARKETING', 'REJECTED', ?)""",
                senderId, ts(T0.plusSeconds(60)), senderId, ts(T0));
        templateEvent(db, senderId, "payment_reminder_v1", "APPROVED", "PENDING", T0.plusSeconds(60));
        templateEvent(db, senderId, "payment_reminder_v1", "PENDING", null, T0);
        templateEvent(db, senderId, "promo_v2", "REJECTED", "PENDING", T0);

        AdminClient.Answer all = stack.admin().get("/api/v2/templates?senderId=" + senderId);
        AdminClient.Answer approved = stack.admin().get("/api/v2/templates?senderId=" + senderId + "&status=approved");

        JsonArray templates = all.json().getJsonArray("data");
        assertThat(templates).hasSize(2);
        JsonObject reminder = templates.getJsonObject(0);
        assertThat(reminder.getString("templateName")).isEqualTo("payment_reminder_v1");
        assertThat(reminder.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("status")))
                .containsExactly("PENDING", "APPROVED");
        assertThat(templates.getJsonObject(1).getJsonArray("history")).hasSize(1);
        assertThat(approved.json().getJsonArray("data")).hasSize(1);
        assertThat(approved.json().getJsonObject("pagination").getLong("total")).isEqualTo(1);
        assertThat(stack.admin().get("/api/v2/templates?senderId=" + senderId + "&page=2").json()
                .getJsonArray("data")).isEmpty();
        assertThat(stack.admin().get("/api/v2/templates?limit=-5").status()).isEqualTo(400);
    }

    private static void statusEvent(Db db, String messageId, String status, Instant at) {
        db.execute("""
                INSERT INTO message_status_events (event_id, message_id, sender_id, recipient, status, webhook_uid,
                    provider, occurred_at, received_at)
                VALUES (?, ?, '916268662275', '919888888888', ?, 'wh_it_whats91', 'whats91', ?, ?)""",
                "evt_" + UUID.randomUUID(), messageId, status, ts(at), ts(at.plusMillis(400)));
    }

    private static String inbound(Db db, String senderId, String phone, String text, Instant at) {
        String messageId = "wamid.q-" + UUID.randomUUID();
        db.execute("""
                INSERT INTO messages (message_id, event_id, sender_id, phone, webhook_uid, provider, message_type, text,
                    data, occurred_at, received_at)
                VALUES (?, ?, ?, ?, 'wh_it_whats91', 'whats91', 'text', ?, ?::jsonb, ?, ?)""",
                messageId, "evt_" + UUID.randomUUID(), senderId, phone, text,
                new JsonObject().put("messageId", messageId).put("from", phone).put("text", text).encode(),
                ts(at), ts(at.plusMillis(400)));
        return messageId;
    }

    private static void conversation(Db db, String senderId, String phone, Instant lastAt, Instant windowEnds) {
        db.execute("""
                INSERT INTO conversations (sender_id, phone, contact_name, last_message_id, last_message_type,
                    last_message_text, last_message_at, message_count, first_inbound_at, last_inbound_at,
                    service_window_expires_at)
                VALUES (?, ?, ?, 'wamid.last', 'text', 'hi', ?, 2, ?, ?, ?)""",
                senderId, phone, "Customer " + phone, ts(lastAt), ts(lastAt), ts(lastAt), ts(windowEnds));
    }

    private static void templateEvent(Db db, String senderId, String name, String status, String previous,
                                      Instant at) {
        db.execute("""
                INSERT INTO template_events (event_id, sender_id, template_name, language, type, status, previous,
                    occurred_at)
                VALUES (?, ?, ?, 'en', 'template.status_update', ?, ?, ?)""",
                "evt_" + UUID.randomUUID(), senderId, name, status, previous, ts(at));
    }

    private static List<String> phones(JsonArray conversations) {
        return conversations.stream().map(c -> ((JsonObject) c).getString("phone")).toList();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String newSenderId() {
        return "92" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }
}
