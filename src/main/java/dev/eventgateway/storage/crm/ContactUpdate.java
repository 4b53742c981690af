package dev.eventgateway.storage.crm;

import java.time.Instant;

/**
 * What a contact event changes of one customer of one business number: the marketing preference
 * ({@code contact.preferences_update}) or the business's address-book entry ({@code contact.sync}). The fields of the
 * other kind are null and leave the stored ones as they are.
 *
 * @param marketing         {@code stop} or {@code resume}, or null
 * @param addressBookAction {@code add} or {@code remove}, or null
 * @param addressBookName   the full name (else the first name) in the address book, or null
 * @param occurredAt        when the provider says it changed: only a newer change replaces a stored value
 */
public record ContactUpdate(String senderId, String waId, String eventId, String marketing, String marketingDetail,
                            String addressBookAction, String addressBookName, Instant occurredAt) {
}
