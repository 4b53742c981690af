package dev.eventgateway.worker.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.templates.OutboxEntry;
import dev.eventgateway.storage.templates.TemplateEvent;
import dev.eventgateway.worker.EventFields;

import java.time.Instant;
import java.util.Locale;

/**
 * The notification of a template event: its wording, severity and the record published on {@code wa.notifications}
 * (the format downstream teams rely on; docs/workers.md describes it). One notification per template event id.
 */
public final class TemplateNotifications {

    /** The CloudEvents type of a notification record. */
    public static final String CE_TYPE = "notification.template";

    private TemplateNotifications() {
    }

    /** The notification's id: stable for the event, so a republished record can be recognised. */
    public static String id(String eventId) {
        return "ntf_" + EventIds.hash("notification", eventId);
    }

    /** Builds the outbox entry; {@code httpPending} when a URL is configured to POST it to. */
    static OutboxEntry of(WebhookEvent event, TemplateEvent t, boolean httpPending, Instant now) {
        Severity severity = Severity.of(t.type(), t.status());
        String subject = t.templateName() + (t.language().isEmpty() ? "" : " (" + t.language() + ")");
        String title = "Template " + subject + ": "
                + (t.type().equals(EventTypes.TEMPLATE_COMPONENTS) ? "edited" : t.status());
        String text = text(event, t, subject);

        ObjectNode payload = EventJson.MAPPER.createObjectNode()
                .put("id", id(t.eventId()))
                .put("type", t.type())
                .put("severity", severity.label())
                .put("title", title)
                .put("text", text)
                .put("senderId", t.senderId());
        if (event.businessAccountId() != null) {
            payload.put("businessAccountId", event.businessAccountId());
        }
        ObjectNode template = payload.putObject("template")
                .put("name", t.templateName())
                .put("language", t.language());
        putIfPresent(template, "id", t.templateId());
        putIfPresent(template, "category", EventFields.text(event.data(), "category"));
        putIfPresent(template, "status", t.status());
        putIfPresent(template, "previous", t.previous());
        putIfPresent(template, "reason", t.reason());
        if (t.details() != null) {
            template.set("details", t.details());
        }
        payload.put("eventId", t.eventId())
                .put("webhookUid", event.webhookUid())
                .put("provider", event.provider())
                .put("occurredAt", event.occurredAt().toString())
                .put("createdAt", now.toString());
        return new OutboxEntry(t.eventId(), t.senderId(), t.templateName(), t.language(), severity.label(), title, text,
                payload, httpPending);
    }

    /** "payment_reminder_v1 (en) is now REJECTED - reason: INVALID_FORMAT", and the like for quality and category. */
    private static String text(WebhookEvent event, TemplateEvent t, String subject) {
        return switch (t.type()) {
            case EventTypes.TEMPLATE_STATUS -> subject + " is now " + t.status()
                    + (t.reason() == null ? "" : " - reason: " + t.reason());
            case EventTypes.TEMPLATE_QUALITY -> subject + " quality is now " + t.status()
                    + (t.previous() == null ? "" : " (was " + t.previous() + ")");
            case EventTypes.TEMPLATE_COMPONENTS -> subject + " was edited";
            default -> {
                JsonNode details = EventFields.object(event.data(), "details");
                boolean pending = details != null && details.path("pending").asBoolean(false);
                if (pending) {
                    String when = EventFields.text(details, "effectiveAt");
                    yield subject + " category changes from " + t.previous() + " to " + t.status()
                            + (when == null ? "" : " on " + when);
                }
                yield subject + " category is now " + t.status()
                        + (t.previous() == null ? "" : " (was " + t.previous() + ")");
            }
        };
    }

    /** The body POSTed to a Slack-compatible incoming webhook: {@code {"text": "[WARNING] … (sender …)"}}. */
    public static String slackText(String severity, String text, String senderId) {
        return "[" + severity.toUpperCase(Locale.ROOT) + "] " + text + " (sender " + senderId + ")";
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
