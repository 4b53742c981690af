package dev.eventgateway.storage.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One inbound customer message as the CRM stores it.
 *
 * @param phone       the customer (the message's {@code from})
 * @param contactName the customer's profile name, when the provider sent one
 * @param text        what an inbox shows for it: the text, a caption, a button title…; null when nothing fits
 * @param data        the event's normalized data (DESIGN §4), stored whole
 */
public record InboundMessage(String messageId, String eventId, String senderId, String phone, String contactName,
                             String webhookUid, String provider, String messageType, String text, JsonNode data,
                             Instant occurredAt, Instant receivedAt) {
}
