package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Map;
import java.util.Set;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The three template fields of a Meta payload, each one {@code template.*} event (DESIGN §4). In every one,
 * {@code status} is the template's new value of what changed and {@code previous} its old value, so that a consumer
 * reads "previous → status" the same way for a review, a quality score and a category:
 * <ul>
 *   <li>{@code message_template_status_update} → {@code template.status_update}: status = {@code event}
 *       (APPROVED, REJECTED, PAUSED, DISABLED, FLAGGED, PENDING_DELETION, …); {@code reason} NONE is left out.</li>
 *   <li>{@code message_template_quality_update} → {@code template.quality_update}: status =
 *       {@code new_quality_score}, previous = {@code previous_quality_score}; also a
 *       {@code message_template_status_update} of that shape (no {@code event}), as Meta's own example sends it.</li>
 *   <li>{@code template_category_update} → {@code template.category_update}: a completed change has category =
 *       status = {@code new_category}, previous = {@code previous_category}. An announced one (Meta sends
 *       {@code correct_category} and the date it applies) has category = previous = the current
 *       {@code new_category}, status = {@code correct_category}, and {@code details.pending = true} with
 *       {@code details.effectiveAt}.</li>
 *   <li>{@code message_template_components_update} (a template was edited) → {@code template.components_update}
 *       with no status: {@code components{body?, header?, footer?, buttons?[{type, text?, url?, phoneNumber?}]}}
 *       from {@code message_template_element}, {@code _title}, {@code _footer} and {@code _buttons}.</li>
 * </ul>
 * Every other property of the value goes to {@code details} under Meta's name ({@code other_info},
 * {@code disable_info}, {@code rejection_info}, …), so that nothing Meta adds is lost from the normalized view.
 */
final class MetaTemplates {

    static final String STATUS_FIELD = "message_template_status_update";
    static final String QUALITY_FIELD = "message_template_quality_update";
    static final String CATEGORY_FIELD = "template_category_update";
    static final String COMPONENTS_FIELD = "message_template_components_update";

    private static final Set<String> IDENTITY = Set.of("message_template_id", "message_template_name",
            "message_template_language");

    private MetaTemplates() {
    }

    static boolean handles(String field) {
        return STATUS_FIELD.equals(field) || QUALITY_FIELD.equals(field) || CATEGORY_FIELD.equals(field)
                || COMPONENTS_FIELD.equals(field);
    }

    /**
     * @throws InvalidPayloadException when the value is not an object, or lacks the template name or the new value
     */
    static WebhookEvent toEvent(MetaChange change) {
        JsonNode value = change.value();
        if (value == null || !value.isObject()) {
            throw new InvalidPayloadException("missing object change.value");
        }
        ObjectNode data = Payloads.object()
                .put("templateName", requiredText(value, "message_template_name", "value"));
        putIfPresent(data, "templateId", text(value, "message_template_id"));
        putIfPresent(data, "language", text(value, "message_template_language"));

        String type;
        ObjectNode details = Payloads.object();
        Set<String> used;
        switch (shape(change.field(), value)) {
            case STATUS_FIELD -> {
                type = EventTypes.TEMPLATE_STATUS;
                putIfPresent(data, "category", text(value, "message_template_category"));
                data.put("status", requiredText(value, "event", "value"));
                String reason = text(value, "reason");
                putIfPresent(data, "reason", "NONE".equals(reason) ? null : reason);
                used = Set.of("message_template_category", "event", "reason");
            }
            case COMPONENTS_FIELD -> {
                type = EventTypes.TEMPLATE_COMPONENTS;
                data.set("components", components(value));
                used = Set.of("message_template_element", "message_template_title", "message_template_footer",
                        "message_template_buttons");
            }
            case QUALITY_FIELD -> {
                type = EventTypes.TEMPLATE_QUALITY;
                data.put("status", requiredText(value, "new_quality_score", "value"));
                putIfPresent(data, "previous", text(value, "previous_quality_score"));
                used = Set.of("new_quality_score", "previous_quality_score");
            }
            default -> {
                type = EventTypes.TEMPLATE_CATEGORY;
                String current = requiredText(value, "new_category", "value");
                String correct = text(value, "correct_category");
                data.put("category", current);
                if (correct != null) {
                    data.put("status", correct).put("previous", current);
                    details.put("pending", true);
                    putIfPresent(details, "effectiveAt",
                            Payloads.isoText(Payloads.instant(value, "category_update_timestamp")));
                } else {
                    data.put("status", current);
                    putIfPresent(data, "previous", text(value, "previous_category"));
                }
                used = Set.of("new_category", "correct_category", "previous_category", "category_update_timestamp");
            }
        }
        copyOthers(value, used, details);
        if (!details.isEmpty()) {
            data.set("details", details);
        }

        String senderId = change.phoneNumberId();
        String templateKey = text(data, "templateId") != null ? text(data, "templateId") : text(data, "templateName");
        // an edit has no new status: what the components became tells two edits apart
        String id = EventIds.of(type, senderId, templateKey, text(data, "language"),
                EventTypes.TEMPLATE_COMPONENTS.equals(type) ? data.get("components").toString() : text(data, "status"),
                change.entryTime());
        return change.event(id, type, senderId, change.entryInstant(), data, value);
    }

    /**
     * Which template change the value holds. Meta's own example of a quality change is sent under
     * {@code message_template_status_update} with {@code new_quality_score} and no {@code event}: read by its shape.
     */
    private static String shape(String field, JsonNode value) {
        if (STATUS_FIELD.equals(field) && text(value, "event") == null && text(value, "new_quality_score") != null) {
            return QUALITY_FIELD;
        }
        return field;
    }

    private static ObjectNode components(JsonNode value) {
        ObjectNode out = Payloads.object();
        putIfPresent(out, "body", text(value, "message_template_element"));
        putIfPresent(out, "header", text(value, "message_template_title"));
        putIfPresent(out, "footer", text(value, "message_template_footer"));
        JsonNode buttons = Payloads.optionalArray(value, "message_template_buttons");
        if (buttons != null) {
            ArrayNode list = out.putArray("buttons");
            for (JsonNode button : buttons) {
                ObjectNode b = Payloads.object();
                putIfPresent(b, "type", text(button, "message_template_button_type"));
                putIfPresent(b, "text", text(button, "message_template_button_text"));
                putIfPresent(b, "url", text(button, "message_template_button_url"));
                putIfPresent(b, "phoneNumber", text(button, "message_template_button_phone_number"));
                list.add(b);
            }
        }
        return out;
    }

    private static void copyOthers(JsonNode value, Set<String> used, ObjectNode details) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (!IDENTITY.contains(field.getKey()) && !used.contains(field.getKey()) && !field.getValue().isNull()) {
                details.set(field.getKey(), field.getValue());
            }
        }
    }
}
