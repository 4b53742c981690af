package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Locale;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.putScalar;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The {@code flows} field — a Flow's status changed, or an endpoint-powered Flow crossed an error-rate, latency or
 * availability threshold — as one {@code flow.<event>} event (the event lower-cased), data {@code flowId?, event (as
 * Meta sends it), message?, oldStatus?, newStatus?, threshold?, value (the whole change value)}.
 */
final class MetaFlows {

    static final String FIELD = "flows";

    private MetaFlows() {
    }

    static boolean handles(String field) {
        return FIELD.equals(field);
    }

    /**
     * @throws InvalidPayloadException when the value has no {@code event}, or one no canonical type names
     */
    static WebhookEvent toEvent(MetaChange change) {
        JsonNode value = change.value();
        String event = requiredText(value, "event", "value");
        String type = EventTypes.flowOrUnknown(event);
        if (EventTypes.UNKNOWN.equals(type)) {
            throw new InvalidPayloadException("flows event " + event.toLowerCase(Locale.ROOT)
                    + " has no canonical type");
        }
        ObjectNode data = Payloads.object();
        putIfPresent(data, "flowId", text(value, "flow_id"));
        data.put("event", event);
        putIfPresent(data, "message", text(value, "message"));
        putIfPresent(data, "oldStatus", text(value, "old_status"));
        putIfPresent(data, "newStatus", text(value, "new_status"));
        putScalar(data, "threshold", value, "threshold");
        data.set("value", value);

        String id = EventIds.of(type, change.businessAccountId(), value.toString(), change.entryTime());
        return change.event(id, type, change.phoneNumberId(), change.entryInstant(), data, value);
    }
}
