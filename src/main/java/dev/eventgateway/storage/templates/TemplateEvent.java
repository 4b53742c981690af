package dev.eventgateway.storage.templates;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One template event (status, quality or category update), kept as history, and the change it makes to the
 * template's current state: the fields that are null here are left as they are.
 *
 * @param type       {@code template.status_update}, {@code template.quality_update}, {@code template.category_update}
 *                   or {@code template.components_update} (an edit: no status; details = the new components)
 * @param language   the template's language, or "" when the provider gave none
 * @param status     the event's new value (a review status, a quality score or a category)
 * @param newStatus  the template's review status it sets, or null
 * @param newQuality the template's quality score it sets, or null
 * @param newCategory the template's category it sets, or null
 */
public record TemplateEvent(String eventId, String type, String senderId, String templateName, String language,
                            String templateId, String status, String previous, String reason, JsonNode details,
                            Instant occurredAt, String newStatus, String newQuality, String newCategory) {
}
