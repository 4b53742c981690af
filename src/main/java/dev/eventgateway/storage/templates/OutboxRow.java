package dev.eventgateway.storage.templates;

import io.vertx.core.json.JsonObject;

/**
 * An outbox row claimed for delivery.
 *
 * @param published   whether it is on {@code wa.notifications} already
 * @param httpDue     whether its HTTP POST is pending and due now
 * @param attempts    HTTP POSTs made so far
 */
public record OutboxRow(long id, String eventId, String senderId, String severity, String text, JsonObject payload,
                        boolean published, boolean httpDue, int attempts) {
}
