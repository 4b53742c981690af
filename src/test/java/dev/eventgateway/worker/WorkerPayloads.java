package dev.eventgateway.worker;

import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Whats91 v2 request bodies for the worker tests (each test picks unique message ids and template names), and
 * canonical events built directly, for tests that write to the topics themselves.
 */
final class WorkerPayloads {

    /** The business number of {@code GatewayStack.WHATS91}. */
    static final String SENDER = "916268662275";

    private WorkerPayloads() {
    }

    static byte[] inbound(String messageId, String from, String text, String timestamp, String contactName) {
        JsonObject data = new JsonObject().put("from", from).put("messageId", messageId).put("text", text)
                .put("timestamp", timestamp);
        if (contactName != null) {
            data.put("contactName", contactName);
        }
        return body("message.inbound.text", data);
    }

    static byte[] status(String messageId, String recipient, String status, String timestamp, JsonObject error) {
        JsonObject data = new JsonObject().put("messageId", messageId).put("recipient", recipient)
                .put("status", status).put("timestamp", timestamp);
        if (error != null) {
            data.put("error", error);
        }
        return body("message.status." + status, data);
    }

    static byte[] template(String name, String language, String status, String reason) {
        JsonObject data = new JsonObject().put("templateName", name).put("language", language)
                .put("category", "MARKETING").put("status", status);
        if (reason != null) {
            data.put("reason", reason);
        }
        return body("template.status_update", data);
    }

    private static byte[] body(String event, JsonObject data) {
        return new JsonObject().put("event", event).put("webhookUid", "wh_abc").put("senderId", SENDER)
                .put("data", data).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** A canonical inbound text event, as ingress would publish it. */
    static WebhookEvent inboundEvent(String eventId, String messageId, String from, Instant at) {
        var data = EventJson.MAPPER.createObjectNode().put("messageId", messageId).put("from", from)
                .put("messageType", "text").put("text", "hello " + messageId);
        return new WebhookEvent(eventId, "message.inbound.text", "whats91", "wh_it_whats91", SENDER, null, at, at,
                data, null);
    }

    /** A canonical status event, as ingress would publish it. */
    static WebhookEvent statusEvent(String eventId, String messageId, String status, Instant at) {
        var data = EventJson.MAPPER.createObjectNode().put("messageId", messageId).put("recipient", "919000000000")
                .put("status", status);
        return new WebhookEvent(eventId, "message.status." + status, "whats91", "wh_it_whats91", SENDER, null, at, at,
                data, null);
    }
}
