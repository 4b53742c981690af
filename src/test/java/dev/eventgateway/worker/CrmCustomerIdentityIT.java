package dev.eventgateway.worker;

import dev.eventgateway.support.Db;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crm worker follows a customer across the two ids Meta gives them, end to end through the real gateway, Kafka
 * and PostgreSQL: a customer first known by business-scoped user id (BSUID) only and later by phone number and BSUID
 * (or the other way round) has one conversation; a group chat's message is the group's conversation and never
 * touches its participant's one-to-one conversation or service window.
 */
@GatewayIT
class CrmCustomerIdentityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SENDER = Fixtures.senderId("meta");

    private static String phone() {
        return "1" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }

    private static String bsuid() {
        return "US." + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_000_000_000_000_000_000L);
    }

    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    /** A text message as Meta sends it: phone may be null (the customer hides it), group may be null. */
    private static void message(GatewayStack stack, String phone, String bsuid, String group, String id, long at) {
        String contact = "{\"profile\":{\"name\":\"Asha\",\"username\":\"@asha\"},"
                + (phone == null ? "" : "\"wa_id\":\"" + phone + "\",") + "\"user_id\":\"" + bsuid + "\"}";
        String message = "{\"from\":\"" + (phone == null ? "" : phone) + "\",\"from_user_id\":\"" + bsuid + "\","
                + (group == null ? "" : "\"group_id\":\"" + group + "\",") + "\"id\":\"" + id
                + "\",\"timestamp\":\"" + at + "\",\"type\":\"text\",\"text\":{\"body\":\"" + id + "\"}}";
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + SENDER + "\"},"
                + "\"contacts\":[" + contact + "],\"messages\":[" + message + "]}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        var response = stack.postFixture("meta", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getInteger("unrouted")).as(response.body()).isZero();
    }

    private static Map<String, Object> conversation(Db db, String key) {
        return db.query("SELECT * FROM conversations WHERE sender_id = ? AND phone = ?", SENDER, key).get(0);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    @Test
    void aCustomerFirstKnownByBsuidThenByPhoneAndBsuidHasOneConversation(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String bsuid = bsuid();
        Db db = stack.db();

        message(stack, null, bsuid, null, "wamid.hidden-" + id, at("2026-06-05T10:00:00Z"));
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM conversations WHERE sender_id = ? "
                + "AND phone = ?", SENDER, bsuid) == 1);
        message(stack, phone, bsuid, null, "wamid.shown-" + id, at("2026-06-05T11:00:00Z"));

        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM conversations WHERE sender_id = ? "
                + "AND (phone = ? OR user_id = ?)", SENDER, phone, bsuid) == 1
                && db.count("SELECT message_count FROM conversations WHERE sender_id = ? AND phone = ?",
                SENDER, phone) == 2);
        Map<String, Object> row = conversation(db, phone);
        assertThat(row.get("user_id")).isEqualTo(bsuid);
        assertThat(row.get("username")).isEqualTo("@asha");
        assertThat(row.get("last_message_id")).isEqualTo("wamid.shown-" + id);
        assertThat(instant(row.get("first_inbound_at"))).as("the window follows the customer")
                .isEqualTo("2026-06-05T10:00:00Z");
        assertThat(instant(row.get("service_window_expires_at"))).isEqualTo("2026-06-06T11:00:00Z");
        assertThat(db.count("SELECT count(*) FROM messages WHERE sender_id = ? AND phone = ?", SENDER, phone))
                .as("the earlier message follows its conversation").isEqualTo(2);

        JsonObject byBsuid = stack.admin().get("/api/v2/conversations/" + SENDER + "/" + bsuid).data();
        assertThat(byBsuid.getString("phone")).as("the query API finds it by BSUID").isEqualTo(phone);
        assertThat(byBsuid.getString("userId")).isEqualTo(bsuid);
        assertThat(byBsuid.getJsonArray("messages")).hasSize(2);
        var listed = stack.admin().get("/api/v2/conversations?senderId=" + SENDER + "&phone=" + bsuid).json()
                .getJsonArray("data");
        assertThat(listed).hasSize(1);
    }

    @Test
    void aCustomerFirstKnownByPhoneAndBsuidThenByBsuidOnlyHasOneConversation(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String bsuid = bsuid();
        Db db = stack.db();

        message(stack, phone, bsuid, null, "wamid.shown-" + id, at("2026-06-05T10:00:00Z"));
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM conversations WHERE sender_id = ? "
                + "AND phone = ? AND user_id = ?", SENDER, phone, bsuid) == 1);
        message(stack, null, bsuid, null, "wamid.hidden-" + id, at("2026-06-05T12:00:00Z"));

        await().atMost(WAIT).until(() -> db.count("SELECT message_count FROM conversations WHERE sender_id = ? "
                + "AND phone = ?", SENDER, phone) == 2);
        assertThat(db.count("SELECT count(*) FROM conversations WHERE sender_id = ? AND phone = ?", SENDER, bsuid))
                .isZero();
        Map<String, Object> row = conversation(db, phone);
        assertThat(row.get("last_message_id")).isEqualTo("wamid.hidden-" + id);
        assertThat(instant(row.get("service_window_expires_at"))).isEqualTo("2026-06-06T12:00:00Z");
    }

    @Test
    void aGroupMessageIsTheGroupsConversationAndLeavesTheParticipantsOneToOneAlone(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String bsuid = bsuid();
        String group = "120363" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L) + "@g.us";
        Db db = stack.db();

        message(stack, phone, bsuid, null, "wamid.direct-" + id, at("2026-06-05T09:00:00Z"));
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM conversations WHERE sender_id = ? "
                + "AND phone = ?", SENDER, phone) == 1);
        message(stack, phone, bsuid, group, "wamid.group-" + id, at("2026-06-05T15:00:00Z"));

        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM conversations WHERE sender_id = ? "
                + "AND group_id = ?", SENDER, group) == 1);
        Map<String, Object> groupRow = conversation(db, "group:" + group);
        assertThat(groupRow.get("message_count")).isEqualTo(1L);
        assertThat(groupRow.get("last_message_id")).isEqualTo("wamid.group-" + id);
        assertThat(groupRow.get("user_id")).as("a group is no customer").isNull();
        assertThat(db.query("SELECT group_id, user_id FROM messages WHERE message_id = ?", "wamid.group-" + id))
                .singleElement().isEqualTo(Map.of("group_id", group, "user_id", bsuid));

        Map<String, Object> direct = conversation(db, phone);
        assertThat(direct.get("message_count")).isEqualTo(1L);
        assertThat(direct.get("last_message_id")).isEqualTo("wamid.direct-" + id);
        assertThat(instant(direct.get("service_window_expires_at"))).as("the participant's window is untouched")
                .isEqualTo("2026-06-06T09:00:00Z");
    }
}
