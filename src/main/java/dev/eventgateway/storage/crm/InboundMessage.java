package dev.eventgateway.storage.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One message of a conversation as the CRM stores it: a customer's inbound message (the name comes from that first
 * use), an echo of what the business sent from the WhatsApp Business app, or a message of the history sync.
 *
 * @param phone       the conversation's customer key: the customer's phone number (an inbound message's {@code from},
 *                    an echo's {@code to}, a history thread) when known, else their business-scoped user id (BSUID);
 *                    {@code group:<groupId>} for a message of a group chat
 * @param contactName the customer's profile name, when the provider sent one
 * @param text        what an inbox shows for it: the text, a caption, a button title…; null when nothing fits
 * @param data        the event's normalized data (DESIGN §4), stored whole
 * @param direction   {@code inbound} (the customer sent it) or {@code outbound} (the business did)
 * @param live        true for a new inbound message: it counts as the customer's last inbound and opens the
 *                    24-hour service window; false for echoes and history, which never do
 * @param userId      the customer's BSUID when Meta sent it (in a group: the participant's), else null
 * @param username    the customer's WhatsApp username, when they adopted one
 * @param groupId     the group chat, for a group message; null for a one-to-one conversation
 */
public record InboundMessage(String messageId, String eventId, String senderId, String phone, String contactName,
                             String webhookUid, String provider, String messageType, String text, JsonNode data,
                             Instant occurredAt, Instant receivedAt, String direction, boolean live, String userId,
                             String username, String groupId) {

    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
    /** The customer key of a group chat's own conversation is this prefix and the group id. */
    public static final String GROUP_KEY_PREFIX = "group:";

    /** True when the key is a phone number that Meta also named by BSUID: the two ids are one customer. */
    public boolean linksIds() {
        return groupId == null && userId != null && !userId.equals(phone);
    }

    /** True when the customer is known here by BSUID only (Meta withheld the phone number). */
    public boolean byUserIdOnly() {
        return groupId == null && userId != null && userId.equals(phone);
    }

    /** The same message in the conversation of another key (the customer's phone number, found for their BSUID). */
    public InboundMessage withPhone(String key) {
        return new InboundMessage(messageId, eventId, senderId, key, contactName, webhookUid, provider, messageType,
                text, data, occurredAt, receivedAt, direction, live, userId, username, groupId);
    }
}
