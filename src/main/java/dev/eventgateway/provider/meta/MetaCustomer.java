package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Who a customer is, as Meta tells it: the phone number (a message's {@code from}, a status's {@code recipient_id},
 * a contact's {@code wa_id}), the business-scoped user id (BSUID, {@code user_id}, {@code from_user_id},
 * {@code recipient_user_id}), the parent BSUID and the WhatsApp username. Since April 2026 every messages webhook
 * carries the BSUID; a customer who adopted a username may come without a phone number at all (Meta then sends
 * {@code ""} or leaves the field out). Each of the webhook's {@code contacts[]} adds what the item itself lacks.
 *
 * @param phone        the phone number, or null when Meta withheld it
 * @param userId       the BSUID (e.g. {@code US.13491208655302741918}), or null
 * @param parentUserId the parent BSUID, when Meta sends one
 * @param username     the WhatsApp username, when the customer adopted one
 * @param name         the profile name, when Meta sends one
 */
record MetaCustomer(String phone, String userId, String parentUserId, String username, String name) {

    /**
     * The customer an item names, completed from the {@code value.contacts[]} element with the same phone number or
     * BSUID (a blank value counts as absent).
     */
    static MetaCustomer of(JsonNode value, String phone, String userId, String parentUserId) {
        JsonNode contact = contact(value, phone, userId);
        JsonNode profile = optionalObject(contact, "profile");
        return new MetaCustomer(phone != null ? phone : text(contact, "wa_id"),
                userId != null ? userId : text(contact, "user_id"),
                parentUserId != null ? parentUserId : text(contact, "parent_user_id"),
                text(profile, "username"), text(profile, "name"));
    }

    /** The customer part of a key and of a CRM conversation: the phone number when known, else the BSUID. */
    String key() {
        return phone != null ? phone : userId;
    }

    boolean known() {
        return key() != null;
    }

    /** Puts the phone under {@code phoneField} and the BSUID, parent BSUID and username, each when known. */
    ObjectNode addTo(ObjectNode data, String phoneField) {
        putIfPresent(data, phoneField, phone);
        putIfPresent(data, "userId", userId);
        putIfPresent(data, "parentUserId", parentUserId);
        putIfPresent(data, "username", username);
        return data;
    }

    private static JsonNode contact(JsonNode value, String phone, String userId) {
        JsonNode contacts = optionalArray(value, "contacts");
        if (contacts == null) {
            return null;
        }
        for (JsonNode contact : contacts) {
            if ((phone != null && phone.equals(text(contact, "wa_id")))
                    || (userId != null && userId.equals(text(contact, "user_id")))) {
                return contact;
            }
        }
        return null;
    }
}
