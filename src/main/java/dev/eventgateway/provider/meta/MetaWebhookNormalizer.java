package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.webhook.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Splits a WhatsApp Cloud API webhook payload, {@code {"object":"whatsapp_business_account","entry":[{"id","time",
 * "changes":[{"field","value"}]}]}}, into canonical events: one per entry × change × message or status, in payload
 * order. Shared by every provider that forwards Meta's format unchanged (Meta itself, Connexease); the provider name
 * given at construction is the one the events carry.
 * <p>
 * Stateless and thread-safe; runs on the event loop and never blocks.
 * <ul>
 *   <li>field {@code messages}: each {@code value.messages[]} → {@code message.inbound.<kind>}, each
 *       {@code value.statuses[]} → {@code message.status.<status>}; a change with neither (e.g. only
 *       {@code errors}) → one {@link EventTypes#UNKNOWN} event;</li>
 *   <li>template fields → {@code template.*} ({@link MetaTemplates}); account and phone-number fields →
 *       {@code account.update} ({@link MetaAccountUpdates});</li>
 *   <li>any other field → one {@link EventTypes#UNKNOWN} event, published to the unrouted topic.</li>
 * </ul>
 */
public final class MetaWebhookNormalizer {

    /** The only {@code object} value of a WhatsApp Business payload. */
    public static final String OBJECT = "whatsapp_business_account";
    static final String MESSAGES_FIELD = "messages";

    private static final Logger LOG = LoggerFactory.getLogger(MetaWebhookNormalizer.class);

    private final String provider;

    /** @param provider the provider name the events carry ({@code meta}, {@code connexease}, …) */
    public MetaWebhookNormalizer(String provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Splits a verified payload into canonical events, in payload order.
     *
     * @throws InvalidPayloadException when the JSON is not a Meta webhook payload ({@code object} is not
     *                                 {@value #OBJECT}, {@code entry} is not an array, an entry or change is not an
     *                                 object, a known field's value is not an object), or when a message lacks its
     *                                 {@code id} or {@code from}, or a status its {@code id}
     */
    public List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt) {
        if (payload == null || !payload.isObject() || !OBJECT.equals(text(payload, "object"))) {
            throw new InvalidPayloadException("not a WhatsApp Business Account webhook payload");
        }
        JsonNode entries = optionalArray(payload, "entry");
        if (entries == null) {
            throw new InvalidPayloadException("missing array payload.entry");
        }
        List<WebhookEvent> events = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw new InvalidPayloadException("an entry is a JSON object");
            }
            JsonNode changes = optionalArray(entry, "changes");
            if (changes == null) {
                throw new InvalidPayloadException("missing array entry.changes");
            }
            for (JsonNode change : changes) {
                if (!change.isObject()) {
                    throw new InvalidPayloadException("a change is a JSON object");
                }
                MetaChange meta = new MetaChange(provider, webhook, text(entry, "id"), text(entry, "time"),
                        Payloads.instant(entry, "time"), requiredText(change, "field", "change"), change.get("value"),
                        change, receivedAt);
                addChange(meta, events);
            }
        }
        return events;
    }

    private void addChange(MetaChange change, List<WebhookEvent> events) {
        String field = change.field();
        boolean known = MESSAGES_FIELD.equals(field) || MetaTemplates.handles(field)
                || MetaAccountUpdates.handles(field);
        if (!known) {
            events.add(unknown(change, "unknown Meta field"));
            return;
        }
        if (change.value() == null || !change.value().isObject()) {
            throw new InvalidPayloadException("missing object change.value");
        }
        if (MetaTemplates.handles(field)) {
            events.add(MetaTemplates.toEvent(change));
        } else if (MetaAccountUpdates.handles(field)) {
            events.add(MetaAccountUpdates.toEvent(change));
        } else {
            addMessages(change, events);
        }
    }

    private void addMessages(MetaChange change, List<WebhookEvent> events) {
        JsonNode messages = optionalArray(change.value(), "messages");
        JsonNode statuses = optionalArray(change.value(), "statuses");
        if ((messages == null || messages.isEmpty()) && (statuses == null || statuses.isEmpty())) {
            events.add(unknown(change, "messages change without messages or statuses"));
            return;
        }
        if (messages != null) {
            for (JsonNode message : messages) {
                events.add(MetaInboundMessages.toEvent(change, message));
            }
        }
        if (statuses != null) {
            for (JsonNode status : statuses) {
                events.add(MetaStatuses.toEvent(change, status));
            }
        }
    }

    /** Nothing a verified provider sent is dropped: what no canonical type matches goes to the unrouted topic. */
    private WebhookEvent unknown(MetaChange change, String reason) {
        ObjectNode data = Payloads.object().put("reason", reason).put("providerEvent", change.field());
        putIfPresent(data, "errors", MetaErrors.all(change.value()));
        String senderId = change.phoneNumberId();
        String value = change.value() == null ? "" : change.value().toString();
        // the field and entry time keep two different changes with an equal value apart
        String id = EventIds.of(EventTypes.UNKNOWN, senderId, change.field(), value, change.entryTime());
        LOG.debug("meta change has no canonical type [webhookUid: {}, field: {}, eventId: {}]",
                change.webhook().uid(), change.field(), id);
        return change.event(id, EventTypes.UNKNOWN, senderId, change.entryInstant(), data, change.change());
    }
}
