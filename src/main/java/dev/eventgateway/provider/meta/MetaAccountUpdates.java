package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.Payloads;

import java.util.Set;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.firstText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The account, phone-number, payment-configuration ({@code payment_configuration_update}), multi-partner solution
 * ({@code partner_solutions}), click-to-WhatsApp conversion ({@code automatic_events}) and phone number settings
 * ({@code account_settings_update}: calling hours, SIP…) fields of a Meta payload,
 * each change one {@code account.update} event with data
 * {@code {field, event?, value}}: {@code event} is {@code value.event}, else {@code value.decision} (which
 * {@code phone_number_name_update} and {@code account_review_update} send instead), else {@code value.alert_type}.
 */
final class MetaAccountUpdates {

    static final Set<String> FIELDS = Set.of("account_update", "phone_number_quality_update",
            "phone_number_name_update", "account_review_update", "account_alerts", "business_capability_update",
            "security", "payment_configuration_update", "partner_solutions", "automatic_events",
            "account_settings_update");

    private MetaAccountUpdates() {
    }

    static boolean handles(String field) {
        return FIELDS.contains(field);
    }

    static WebhookEvent toEvent(MetaChange change) {
        JsonNode value = change.value();
        ObjectNode data = Payloads.object().put("field", change.field());
        putIfPresent(data, "event", firstText(value, "event", "decision", "alert_type"));
        data.set("value", value);

        String id = EventIds.of(EventTypes.ACCOUNT_UPDATE, change.businessAccountId(), change.field(),
                value.toString(), change.entryTime());
        return change.event(id, EventTypes.ACCOUNT_UPDATE, senderId(change), change.entryInstant(), data, value);
    }

    /**
     * A {@code messages} change that holds only value-level {@code errors} (e.g. 130429 "Rate limit hit"): one
     * {@code account.error} with data {@code {field, code, title?, message?, details?, errors}}, the first error's
     * fields at the top so that an alert reads {@code code} alone.
     */
    static WebhookEvent errorEvent(MetaChange change) {
        JsonNode value = change.value();
        ObjectNode data = Payloads.object().put("field", change.field());
        ObjectNode first = MetaErrors.first(value);
        data.put("code", first != null && text(first, "code") != null ? text(first, "code") : "unknown");
        for (String part : new String[]{"title", "message", "details"}) {
            putIfPresent(data, part, text(first, part));
        }
        data.set("errors", MetaErrors.all(value));
        String senderId = change.phoneNumberId();
        String id = EventIds.of(EventTypes.ACCOUNT_ERROR, senderId, change.field(), value.toString(),
                change.entryTime());
        return change.event(id, EventTypes.ACCOUNT_ERROR, senderId, change.entryInstant(), data, value);
    }

    /** The phone number the update is about when the value names one, else the webhook's senderId. */
    private static String senderId(MetaChange change) {
        String named = firstText(Payloads.optionalObject(change.value(), "metadata"), "phone_number_id");
        if (named == null) {
            named = firstText(change.value(), "phone_number_id", "display_phone_number", "phone_number");
        }
        return named != null ? named : change.webhook().senderId();
    }

}
