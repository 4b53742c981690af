package dev.eventgateway.storage.templates;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A notification to deliver, as the template-ops worker writes it to the outbox in the same transaction as the
 * template event it is about.
 *
 * @param payload     the record published on {@code wa.notifications}
 * @param httpPending whether an HTTP POST is due (a URL is configured); else the row is marked {@code skipped}
 */
public record OutboxEntry(String eventId, String senderId, String templateName, String language, String severity,
                          String title, String text, JsonNode payload, boolean httpPending) {
}
