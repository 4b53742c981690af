package dev.eventgateway.storage.timeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One delivery status event of an outbound message.
 *
 * @param status one of sent, delivered, read, played, failed
 * @param rank   its place in the monotonic order: a message's status only moves to a higher rank
 */
public record StatusEvent(String eventId, String messageId, String senderId, String recipient, String status,
                          int rank, JsonNode error, JsonNode conversation, JsonNode pricing, String callbackData,
                          String webhookUid, String provider, Instant occurredAt, Instant receivedAt) {
}
