package dev.eventgateway.storage.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One message of a conversation as the CRM stores it: a customer's inbound message (the name comes from that first
 * use), an echo of what the business sent from the WhatsApp Business app, or a message of the history sync.
 *
 * @param phone       the customer (an inbound message's {@code from}, an echo's {@code to}, a history thread)
 * @param contactName the customer's profile name, when the provider sent one
 * @param text        what an inbox shows for it: the text, a caption, a button title…; null when nothing fits
 * @param data        the event's normalized data (DESIGN §4), stored whole
 * @param direction   {@code inbound} (the customer sent it) or {@code outbound} (the business did)
 * @param live        true for a new inbound message: it counts as the customer's last inbound and opens the
 *                    24-hour service window; false for echoes and history, which never do
 */
public record InboundMessage(String messageId, String eventId, String senderId, String phone, String contactName,
                             String webhookUid, String provider, String messageType, String text, JsonNode data,
                             Instant occurredAt, Instant receivedAt, String direction, boolean live) {

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
}
