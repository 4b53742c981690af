package dev.eventgateway.worker;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The three workers of the shared gateway, end to end: signed provider requests in, PostgreSQL rows and Kafka records
 * out. Records of one key share a partition and are consumed in order, so a later "sentinel" record on the same key
 * being applied proves that everything before it was consumed.
 */
@GatewayIT
class WorkerDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String phone() {
        return "91" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
    }

    private static void post(GatewayStack stack, byte[] body) {
        assertThat(stack.postSigned(GatewayStack.WHATS91, body).statusCode()).isEqualTo(200);
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    @Test
    void theSameProviderPayloadDeliveredThreeTimesIsAppliedOnce(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String messageId = "wamid.dup-" + id;
        String template = "dup_" + id.substring(0, 8);
        byte[] inbound = WorkerPayloads.inbound(messageId, phone, "hello", "2026-06-05T10:30:00Z", "Asha");
        byte[] delivered = WorkerPayloads.status(messageId, phone, "delivered", "2026-06-05T10:31:00Z", null);
        byte[] rejected = WorkerPayloads.template(template, "en", "REJECTED", "INVALID_FORMAT");

        for (int i = 0; i < 3; i++) {
            post(stack, inbound);
            post(stack, delivered);
            post(stack, rejected);
        }
        // sentinels on the same keys: once they are applied, the three copies before them were consumed
        post(stack, WorkerPayloads.inbound("wamid.sentinel-" + id, phone, "again", "2026-06-05T10:32:00Z", null));
        post(stack, WorkerPayloads.status(messageId, phone, "read", "2026-06-05T10:33:00Z", null));
        post(stack, WorkerPayloads.template(template, "en", "APPROVED", null));

        Db db = stack.db();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ?", "wamid.sentinel-" + id)).isOne();
            assertThat(db.count("SELECT count(*) FROM message_status_events WHERE message_id = ? AND status = 'read'",
                    messageId)).isOne();
            assertThat(db.count("SELECT count(*) FROM notification_outbox WHERE template_name = ? "
                    + "AND published_at IS NOT NULL", template)).isEqualTo(2);
        });

        assertThat(db.count("SELECT count(*) FROM messages WHERE message_id = ?", messageId)).isOne();
        assertThat(db.count("SELECT message_count FROM conversations WHERE sender_id = ? AND phone = ?",
                WorkerPayloads.SENDER, phone)).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM message_status_events WHERE message_id = ? AND status = 'delivered'",
                messageId)).isOne();
        assertThat(db.count("SELECT count(*) FROM template_events WHERE template_name = ? AND status = 'REJECTED'",
                template)).isOne();
        assertThat(db.count("SELECT count(*) FROM notification_outbox WHERE template_name = ? AND severity = 'warning'",
                template)).isOne();
        List<ConsumerRecord<String, byte[]>> notifications =
                stack.kafka().recordsContaining(stack.topic("notifications"), "\"name\":\"" + template + "\"");
        assertThat(notifications).hasSize(2);
        assertThat(notifications).filteredOn(r -> text(r).contains("REJECTED")).singleElement().satisfies(r -> {
            JsonObject payload = new JsonObject(text(r));
            assertThat(r.key()).isEqualTo(WorkerPayloads.SENDER);
            assertThat(payload.getString("severity")).isEqualTo("warning");
            assertThat(payload.getString("text"))
                    .isEqualTo(template + " (en) is now REJECTED - reason: INVALID_FORMAT");
            assertThat(KafkaProbe.header(r, "ce_type")).isEqualTo("notification.template");
        });
        // no HTTP URL is configured for the shared gateway: nothing is pending
        assertThat(db.count("SELECT count(*) FROM notification_outbox WHERE template_name = ? "
                + "AND http_state <> 'skipped'", template)).isZero();
        Map<String, Object> state = db.query("SELECT status, reason FROM templates WHERE template_name = ? "
                + "AND language = 'en'", template).get(0);
        assertThat(state.get("status")).isEqualTo("APPROVED");
        assertThat(state.get("reason")).as("an approval clears the rejection's reason").isNull();
    }

    @Test
    void statusesArrivingReadSentDeliveredLeaveTheMessageReadWithEveryStageInTimeOrder(GatewayStack stack) {
        String messageId = "wamid.order-" + UUID.randomUUID();
        String phone = phone();

        post(stack, WorkerPayloads.status(messageId, phone, "read", "2026-06-05T10:33:00Z", null));
        post(stack, WorkerPayloads.status(messageId, phone, "sent", "2026-06-05T10:31:00Z", null));
        post(stack, WorkerPayloads.status(messageId, phone, "delivered", "2026-06-05T10:32:00Z", null));

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM message_status_events WHERE message_id = ?",
                messageId) == 3);
        Map<String, Object> row = db.query("SELECT status, sent_at, delivered_at, read_at, failed_at FROM "
                + "message_statuses WHERE message_id = ?", messageId).get(0);
        assertThat(row.get("status")).isEqualTo("read");
        assertThat(instant(row.get("sent_at"))).isEqualTo("2026-06-05T10:31:00Z");
        assertThat(instant(row.get("delivered_at"))).isEqualTo("2026-06-05T10:32:00Z");
        assertThat(instant(row.get("read_at"))).isEqualTo("2026-06-05T10:33:00Z");
        assertThat(row.get("failed_at")).isNull();
        assertThat(db.query("SELECT status FROM message_status_events WHERE message_id = ? ORDER BY occurred_at",
                messageId)).extracting(r -> r.get("status")).containsExactly("sent", "delivered", "read");
    }

    @Test
    void failedAfterDeliveredIsFailedWithItsErrorAndReadNeedsNoDelivered(GatewayStack stack) {
        String failing = "wamid.failed-" + UUID.randomUUID();
        String skipping = "wamid.skip-" + UUID.randomUUID();
        String phone = phone();

        post(stack, WorkerPayloads.status(failing, phone, "delivered", "2026-06-05T10:31:00Z", null));
        post(stack, WorkerPayloads.status(failing, phone, "failed", "2026-06-05T10:32:00Z",
                new JsonObject().put("code", "131026").put("message", "Message undeliverable")));
        post(stack, WorkerPayloads.status(failing, phone, "read", "2026-06-05T10:33:00Z", null));
        post(stack, WorkerPayloads.status(skipping, phone, "sent", "2026-06-05T10:31:00Z", null));
        post(stack, WorkerPayloads.status(skipping, phone, "read", "2026-06-05T10:33:00Z", null));

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM message_status_events WHERE message_id IN "
                + "(?, ?)", failing, skipping) == 5);
        assertThat(db.query("SELECT status, error->>'code' AS code, error->>'message' AS message, delivered_at IS NOT "
                + "NULL AS delivered FROM message_statuses WHERE message_id = ?", failing)).singleElement()
                .isEqualTo(Map.of("status", "failed", "code", "131026", "message", "Message undeliverable",
                        "delivered", true));
        assertThat(db.query("SELECT status, delivered_at IS NULL AS never_delivered, read_at IS NOT NULL AS was_read "
                + "FROM message_statuses WHERE message_id = ?", skipping)).singleElement()
                .isEqualTo(Map.of("status", "read", "never_delivered", true, "was_read", true));
    }

    @Test
    void anOlderMessageNeverReplacesTheLastOneAndTheWindowFollowsTheNewest(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();

        post(stack, WorkerPayloads.inbound("wamid.new-" + id, phone, "newer", "2026-06-05T12:00:00Z", "Asha R"));
        post(stack, WorkerPayloads.inbound("wamid.old-" + id, phone, "older", "2026-06-05T09:00:00Z", "Asha"));

        Db db = stack.db();
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM messages WHERE phone = ?", phone) == 2);
        Map<String, Object> row = db.query("SELECT * FROM conversations WHERE sender_id = ? AND phone = ?",
                WorkerPayloads.SENDER, phone).get(0);
        assertThat(row.get("last_message_id")).isEqualTo("wamid.new-" + id);
        assertThat(row.get("last_message_text")).isEqualTo("newer");
        assertThat(row.get("contact_name")).isEqualTo("Asha R");
        assertThat(row.get("message_count")).isEqualTo(2L);
        assertThat(instant(row.get("first_inbound_at"))).isEqualTo("2026-06-05T09:00:00Z");
        assertThat(instant(row.get("last_inbound_at"))).isEqualTo("2026-06-05T12:00:00Z");
        assertThat(instant(row.get("service_window_expires_at"))).isEqualTo("2026-06-06T12:00:00Z");
        assertThat(db.query("SELECT message_type, text, data->>'from' AS sender FROM messages WHERE message_id = ?",
                "wamid.old-" + id)).singleElement()
                .isEqualTo(Map.of("message_type", "text", "text", "older", "sender", phone));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirOriginAndTheRecordsBehindThemAreApplied(GatewayStack stack) {
        String id = UUID.randomUUID().toString();
        String phone = phone();
        String key = WorkerPayloads.SENDER + ":" + phone;
        String topic = stack.topic("messages.inbound");
        byte[] notJson = ("not json " + id).getBytes(StandardCharsets.UTF_8);
        var withFrom = WorkerPayloads.inboundEvent("evt_it_nofrom_" + id.substring(0, 8), "wamid.nofrom-" + id,
                phone, Instant.now());
        WebhookEvent noFrom = new WebhookEvent(withFrom.id(), withFrom.type(), withFrom.provider(),
                withFrom.webhookUid(), withFrom.senderId(), null, withFrom.occurredAt(), withFrom.receivedAt(),
                withFrom.data().deepCopy().without("from"), null);
        var good = WorkerPayloads.inboundEvent("evt_it_good_" + id.substring(0, 8), "wamid.good-" + id, phone,
                Instant.now());

        KafkaProbe kafka = stack.kafka();
        kafka.send(topic, key, notJson);
        kafka.send(topic, key, noFrom.toJsonBytes());
        kafka.send(topic, key, good.toJsonBytes());

        await().atMost(WAIT).until(() -> stack.db().count("SELECT count(*) FROM messages WHERE message_id = ?",
                "wamid.good-" + id) == 1);
        List<ConsumerRecord<String, byte[]>> sources = kafka.recordsContaining(topic, id);
        List<ConsumerRecord<String, byte[]>> letters = kafka.recordsContaining(stack.topic("crm.dlq"), id);
        assertThat(letters).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ConsumerRecord<String, byte[]> source = sources.get(i);
            ConsumerRecord<String, byte[]> letter = letters.get(i);
            assertThat(letter.key()).isEqualTo(key);
            assertThat(letter.value()).isEqualTo(source.value());
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.WORKER)).isEqualTo("crm");
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.SOURCE_PARTITION))
                    .isEqualTo(Integer.toString(source.partition()));
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.SOURCE_OFFSET))
                    .isEqualTo(Long.toString(source.offset()));
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.REASON)).isEqualTo("poison");
            assertThat(KafkaProbe.header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
        }
        assertThat(KafkaProbe.header(letters.get(0), DeadLetterHeaders.ERROR))
                .startsWith("PoisonRecordException: not a canonical event");
        assertThat(KafkaProbe.header(letters.get(1), DeadLetterHeaders.ERROR)).contains("has neither data.from nor data.userId");
        assertThat(KafkaProbe.header(letters.get(1), DeadLetterHeaders.EVENT_ID)).isEqualTo(noFrom.id());
        assertThat(stack.get("/metrics").body())
                .contains("gateway_worker_records_dead_lettered_total{reason=\"poison\",worker=\"crm\"}");
    }

    @Test
    void workersReportReadinessProcessedRecordsAndLagPerPartition(GatewayStack stack) {
        String messageId = "wamid.metrics-" + UUID.randomUUID();
        post(stack, WorkerPayloads.inbound(messageId, phone(), "count me", "2026-06-05T10:30:00Z", null));
        await().atMost(WAIT).until(() -> stack.db().count("SELECT count(*) FROM messages WHERE message_id = ?",
                messageId) == 1);

        assertThat(new JsonObject(stack.get("/health/ready").body()).getJsonObject("checks").getString("workers"))
                .isEqualTo("up");
        await().atMost(WAIT).untilAsserted(() -> assertThat(stack.get("/metrics").body())
                .contains("gateway_worker_records_processed_total{worker=\"crm\"}")
                .contains("gateway_worker_consumer_lag{partition=\"0\",topic=\"" + stack.topic("messages.inbound")
                        + "\",worker=\"crm\"}")
                .contains("gateway_worker_consumer_lag{partition=\"2\",topic=\"" + stack.topic("templates.status")
                        + "\",worker=\"template-ops\"}"));
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
