package dev.eventgateway.worker;

import dev.eventgateway.support.Db;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crm worker's part of coexistence, end to end through the real gateway, Kafka and PostgreSQL: echoes of what the
 * business sent from the WhatsApp Business app and the history sync become the conversation's messages with their
 * direction without ever opening the service window or replacing a newer last message, and a customer's marketing
 * preference is kept and shown by the conversation route.
 */
@GatewayIT
class CrmCoexistenceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SENDER = Fixtures.senderId("meta");
    private static final String BUSINESS = "15550783881";

    private static String phone() {
        return "1" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }

    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    private static void post(GatewayStack stack, String field, String value) {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"" + field + "\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"" + BUSINESS + "\",\"phone_number_id\":\"" + SENDER + "\"}," + value
                + "}}]}]}").getBytes(StandardCharsets.UTF_8);
        var response = stack.postFixture("meta", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getInteger("unrouted")).as(response.body()).isZero();
    }

    private static void inbound(GatewayStack stack, String phone, String id, String text, long at) {
        post(stack, "messages", "\"contacts\":[{\"profile\":{\"name\":\"Asha\"},\"wa_id\":\"" + phone + "\"}],"
                + "\"messages\":[{\"from\":\"" + phone + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + at
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]");
    }

    private static void echo(GatewayStack stack, String phone, String id, String text, long at) {
        post(stack, "smb_message_echoes", "\"message_echoes\":[{\"from\":\"" + BUSINESS + "\",\"to\":\"" + phone
                + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"type\":\"text\",\"text\":{\"body\":\""
                + text + "\"}}]");
    }

    private static String historyMessage(String from, String to, String id, String text, long at) {
        return "{\"from\":\"" + from + "\"," + (to == null ? "" : "\"to\":\"" + to + "\",") + "\"id\":\"" + id
                + "\",\"timestamp\":\"" + at + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"},"
                + "\"history_context\":{\"status\":\"READ\"}}";
    }

    private static void preference(GatewayStack stack, String phone, String value, long at) {
        post(stack, "user_preferences", "\"user_preferences\":[{\"wa_id\":\"" + phone + "\",\"detail\":\"User "
                + "requested to " + value + " marketing messages\",\"category\":\"marketing_messages\",\"value\":\""
                + value + "\",\"timestamp\":" + at + "}]");
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    @Test
    void echoesAndHistoryAreMessagesWithTheirDirectionThatNeverMoveTheWindowOrAnOlderLastMessage(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();

        inbound(stack, phone, "wamid.in-" + id, "is it in stock?", at("2026-06-05T12:00:00Z"));
        echo(stack, phone, "wamid.echo-" + id, "yes, three left", at("2026-06-05T12:05:00Z"));
        // the history sync: older messages of both directions, and one the inbox already has
        post(stack, "history", "\"history\":[{\"metadata\":{\"phase\":0,\"chunk_order\":1,\"progress\":100},"
                + "\"threads\":[{\"id\":\"" + phone + "\",\"messages\":["
                + historyMessage(phone, null, "wamid.hist-in-" + id, "hello, last week", at("2026-05-29T09:00:00Z"))
                + "," + historyMessage(BUSINESS, phone, "wamid.hist-out-" + id, "hi! how can we help",
                        at("2026-05-29T09:01:00Z"))
                + "," + historyMessage(phone, null, "wamid.in-" + id, "is it in stock?", at("2026-06-05T12:00:00Z"))
                + "]}]}]");

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM messages WHERE phone = ?", phone) == 4);
        // the history message already stored as inbound is that message: once, and counted once
        await().atMost(WAIT).until(() -> db.count("SELECT message_count FROM conversations WHERE sender_id = ? "
                + "AND phone = ?", SENDER, phone) == 4);
        Map<String, Object> row = db.query("SELECT * FROM conversations WHERE sender_id = ? AND phone = ?", SENDER,
                phone).get(0);
        assertThat(row.get("last_message_id")).isEqualTo("wamid.echo-" + id);
        assertThat(row.get("last_message_direction")).isEqualTo("outbound");
        assertThat(instant(row.get("first_inbound_at"))).as("history is no new inbound")
                .isEqualTo("2026-06-05T12:00:00Z");
        assertThat(instant(row.get("last_inbound_at"))).isEqualTo("2026-06-05T12:00:00Z");
        assertThat(instant(row.get("service_window_expires_at"))).as("the business's own messages do not open it")
                .isEqualTo("2026-06-06T12:00:00Z");
        assertThat(db.query("SELECT message_id, direction FROM messages WHERE phone = ? ORDER BY occurred_at",
                phone)).extracting(r -> r.get("message_id") + ":" + r.get("direction")).containsExactly(
                "wamid.hist-in-" + id + ":inbound", "wamid.hist-out-" + id + ":outbound",
                "wamid.in-" + id + ":inbound", "wamid.echo-" + id + ":outbound");

        JsonObject conversation = stack.admin().get("/api/v2/conversations/" + SENDER + "/" + phone).data();
        assertThat(conversation.getJsonObject("lastMessage").getString("direction")).isEqualTo("outbound");
        assertThat(conversation.getJsonObject("lastMessage").getString("text")).isEqualTo("yes, three left");
        JsonArray messages = conversation.getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getString("direction")).isEqualTo("outbound");
        assertThat(messages.getJsonObject(messages.size() - 1).getString("messageId"))
                .isEqualTo("wamid.hist-in-" + id);
    }

    @Test
    void aConversationOfOnlyTheBusinessesMessagesHasNoServiceWindow(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();

        echo(stack, phone, "wamid.first-echo-" + id, "your order shipped", at("2026-06-05T08:00:00Z"));
        echo(stack, phone, "wamid.older-echo-" + id, "thanks for ordering", at("2026-06-04T08:00:00Z"));

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT message_count FROM conversations WHERE sender_id = ? "
                + "AND phone = ?", SENDER, phone) == 2);
        Map<String, Object> row = db.query("SELECT * FROM conversations WHERE sender_id = ? AND phone = ?", SENDER,
                phone).get(0);
        assertThat(row.get("service_window_expires_at")).isNull();
        assertThat(row.get("last_inbound_at")).isNull();
        assertThat(row.get("last_message_id")).as("the older echo, later, does not replace the newer one")
                .isEqualTo("wamid.first-echo-" + id);
        JsonObject conversation = stack.admin().get("/api/v2/conversations/" + SENDER + "/" + phone).data();
        assertThat(conversation.getBoolean("serviceWindowOpen")).isFalse();
    }

    @Test
    void theCustomersMarketingPreferenceIsTheNewestAndTheConversationShowsIt(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String silent = phone();

        inbound(stack, phone, "wamid.pref-" + id, "STOP", at("2026-06-05T10:00:00Z"));
        preference(stack, phone, "stop", at("2026-06-05T10:00:05Z"));
        // an older resume arriving late must not undo the newer stop
        preference(stack, phone, "resume", at("2026-06-01T10:00:00Z"));
        // a customer who opted out without ever writing
        preference(stack, silent, "stop", at("2026-06-05T11:00:00Z"));
        // sentinel on the same key as the late resume: once it is applied, the resume before it was too
        post(stack, "smb_app_state_sync", "\"state_sync\":[{\"type\":\"contact\",\"contact\":{\"full_name\":"
                + "\"Asha Rao\",\"first_name\":\"Asha\",\"phone_number\":\"" + phone + "\"},\"action\":\"add\","
                + "\"metadata\":{\"timestamp\":\"" + at("2026-06-05T10:01:00Z") + "\"}}]");

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM contacts WHERE sender_id = ? AND wa_id = ? "
                + "AND address_book_action = 'add'", SENDER, phone) == 1
                && db.count("SELECT count(*) FROM contacts WHERE wa_id = ?", silent) == 1
                && db.count("SELECT count(*) FROM messages WHERE message_id = ?", "wamid.pref-" + id) == 1);
        assertThat(db.query("SELECT marketing, address_book_name FROM contacts WHERE sender_id = ? AND wa_id = ?",
                SENDER, phone)).singleElement()
                .isEqualTo(Map.of("marketing", "stop", "address_book_name", "Asha Rao"));

        JsonObject marketing = stack.admin().get("/api/v2/conversations/" + SENDER + "/" + phone).data()
                .getJsonObject("marketing");
        assertThat(marketing.getString("preference")).isEqualTo("stop");
        assertThat(marketing.getBoolean("optedOut")).isTrue();
        assertThat(marketing.getString("updatedAt")).isEqualTo("2026-06-05T10:00:05Z");
        var listed = stack.admin().get("/api/v2/conversations?senderId=" + SENDER + "&phone=" + phone).json()
                .getJsonArray("data");
        assertThat(listed.getJsonObject(0).getJsonObject("marketing").getBoolean("optedOut")).isTrue();

        var onlyContact = stack.admin().get("/api/v2/conversations/" + SENDER + "/" + silent);
        assertThat(onlyContact.status()).isEqualTo(200);
        assertThat(onlyContact.data().getLong("messageCount")).isZero();
        assertThat(onlyContact.data().getJsonObject("marketing").getBoolean("optedOut")).isTrue();
        assertThat(onlyContact.data().getJsonArray("messages")).isEmpty();
        assertThat(List.of(db.count("SELECT count(*) FROM conversations WHERE phone = ?", silent))).containsExactly(0L);
    }
}
