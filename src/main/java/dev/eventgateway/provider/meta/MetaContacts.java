package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Contact events, one per element (DESIGN §4):
 * <ul>
 *   <li>{@code smb_app_state_sync}: each {@code value.state_sync[]} of type {@code contact} → {@code contact.sync},
 *       data {@code waId (contact.phone_number), action (add: added or edited; remove), fullName?, firstName?};</li>
 *   <li>{@code user_preferences}: each {@code value.user_preferences[]} → {@code contact.preferences_update}, data
 *       {@code waId, category (marketing_messages), value (stop, resume), detail?, contactName?}.</li>
 * </ul>
 */
final class MetaContacts {

    static final String STATE_SYNC_FIELD = "smb_app_state_sync";
    static final String PREFERENCES_FIELD = "user_preferences";

    private MetaContacts() {
    }

    static boolean handles(String field) {
        return STATE_SYNC_FIELD.equals(field) || PREFERENCES_FIELD.equals(field);
    }

    /** The array of the value that holds the field's items. */
    static String array(String field) {
        return STATE_SYNC_FIELD.equals(field) ? "state_sync" : "user_preferences";
    }

    /**
     * @throws InvalidPayloadException when the item is not an object, lacks the contact's number or its value, or is
     *                                 a state-sync item of another type than {@code contact}
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode item) {
        if (!item.isObject()) {
            throw new InvalidPayloadException("a Meta " + array(change.field()) + " item is a JSON object");
        }
        return STATE_SYNC_FIELD.equals(change.field()) ? stateSync(change, item) : preference(change, item);
    }

    private static WebhookEvent stateSync(MetaChange change, JsonNode item) {
        String syncType = text(item, "type");
        if (!"contact".equals(syncType)) {
            throw new InvalidPayloadException("state_sync type " + syncType + " has no canonical type");
        }
        JsonNode contact = Payloads.requiredObject(item, "contact", "state_sync");
        MetaCustomer customer = MetaCustomer.of(change.value(), text(contact, "phone_number"),
                text(contact, "user_id"), text(contact, "parent_user_id"));
        if (!customer.known()) {
            throw new InvalidPayloadException("missing state_sync.contact.phone_number and user_id");
        }
        String action = requiredText(item, "action", "state_sync");
        String timestamp = text(optionalObject(item, "metadata"), "timestamp");

        ObjectNode data = customer.addTo(Payloads.object(), "waId").put("action", action);
        putIfPresent(data, "fullName", text(contact, "full_name"));
        putIfPresent(data, "firstName", text(contact, "first_name"));

        String senderId = change.phoneNumberId();
        String id = EventIds.of(EventTypes.CONTACT_SYNC, senderId, customer.key(), action, item.toString(), timestamp);
        return change.event(id, EventTypes.CONTACT_SYNC, senderId,
                change.occurredAt(optionalObject(item, "metadata"), "timestamp"), data, item);
    }

    private static WebhookEvent preference(MetaChange change, JsonNode item) {
        MetaCustomer customer = MetaCustomer.of(change.value(), text(item, "wa_id"), text(item, "user_id"),
                text(item, "parent_user_id"));
        if (!customer.known()) {
            throw new InvalidPayloadException("missing user_preferences.wa_id and user_id");
        }
        String value = requiredText(item, "value", "user_preferences");
        String category = text(item, "category");

        ObjectNode data = customer.addTo(Payloads.object(), "waId");
        putIfPresent(data, "category", category);
        data.put("value", value);
        putIfPresent(data, "detail", text(item, "detail"));
        putIfPresent(data, "contactName", customer.name());

        String senderId = change.phoneNumberId();
        String id = EventIds.of(EventTypes.CONTACT_PREFERENCES, senderId, customer.key(), category, value,
                text(item, "timestamp"));
        return change.event(id, EventTypes.CONTACT_PREFERENCES, senderId, change.occurredAt(item, "timestamp"),
                data, item);
    }
}
