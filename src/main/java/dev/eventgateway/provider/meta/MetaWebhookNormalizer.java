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
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Splits a WhatsApp Cloud API webhook payload, {@code {"object":"whatsapp_business_account","entry":[{"id","time",
 * "changes":[{"field","value"}]}]}}, into canonical events: one per entry × change × item (message, status, echo,
 * history message, contact, call…), in payload order. Shared by every provider that forwards Meta's format unchanged
 * (Meta itself, Connexease); the provider name given at construction is the one the events carry.
 * <p>
 * Stateless and thread-safe; runs on the event loop and never blocks.
 * <ul>
 *   <li>field {@code messages}: each {@code value.messages[]} → {@code message.inbound.<kind>}, each
 *       {@code value.statuses[]} → {@code message.status.<status>}; a change with neither but value-level
 *       {@code errors} (e.g. 130429 rate limit hit) → one {@link EventTypes#ACCOUNT_ERROR}; with nothing at all →
 *       one {@link EventTypes#UNKNOWN} event;</li>
 *   <li>{@code group_lifecycle_update}, {@code group_participants_update}, {@code group_settings_update},
 *       {@code group_status_update} → {@code group.<event>} ({@link MetaGroups});</li>
 *   <li>{@code smb_message_echoes}, {@code message_echoes} → {@code message.outbound.echo.<kind>} ({@link MetaEchoes});
 *       {@code history} → {@code message.history.<kind>} ({@link MetaHistory}); {@code smb_app_state_sync},
 *       {@code user_preferences} → {@code contact.*} ({@link MetaContacts}); {@code calls} → {@code call.<event>}
 *       ({@link MetaCalls}); {@code flows} → {@code flow.<event>} ({@link MetaFlows});</li>
 *   <li>template fields → {@code template.*} ({@link MetaTemplates}); account, phone-number, payment, partner and
 *       automatic-event fields → {@code account.update} ({@link MetaAccountUpdates});</li>
 *   <li>any other field → one {@link EventTypes#UNKNOWN} event, published to the unrouted topic.</li>
 * </ul>
 * The envelope ({@code object}, the {@code entry} array) must be Meta's, else the payload is refused. Inside it, an odd
 * item — an entry or change that is not an object, a known field whose value is not an object, a message without
 * {@code id}, a status that is not an object — does not refuse the request: it becomes one
 * {@link EventTypes#UNKNOWN} event with {@code data.reason} and the item as {@code raw}, and the good items are
 * published as usual (DESIGN §3).
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
     * Splits a verified payload into canonical events, in payload order; odd items become unrouted events.
     *
     * @throws InvalidPayloadException when the JSON is not a Meta webhook payload: not an object, {@code object} is
     *                                 not {@value #OBJECT}, or {@code entry} is not an array
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
            JsonNode changes = entry.isObject() ? optionalArray(entry, "changes") : null;
            if (changes == null) {
                events.add(odd(webhook, receivedAt, entry, entry.isObject() ? "missing array entry.changes"
                        : "an entry is not a JSON object"));
                continue;
            }
            for (JsonNode change : changes) {
                String field = text(change, "field");
                if (!change.isObject() || field == null) {
                    events.add(odd(webhook, receivedAt, change, change.isObject() ? "missing change.field"
                            : "a change is not a JSON object"));
                    continue;
                }
                MetaChange meta = new MetaChange(provider, webhook, text(entry, "id"), text(entry, "time"),
                        Payloads.instant(entry, "time"), field, change.get("value"), change, receivedAt);
                addChange(meta, events);
            }
        }
        return events;
    }

    private void addChange(MetaChange change, List<WebhookEvent> events) {
        String field = change.field();
        boolean items = MESSAGES_FIELD.equals(field) || MetaEchoes.handles(field) || MetaHistory.handles(field)
                || MetaContacts.handles(field) || MetaCalls.handles(field) || MetaGroups.handles(field);
        boolean single = MetaTemplates.handles(field) || MetaAccountUpdates.handles(field)
                || MetaFlows.handles(field) || MetaCalls.handlesMedia(field);
        if (!items && !single) {
            events.add(unknown(change, "unknown Meta field"));
            return;
        }
        if (change.value() == null || !change.value().isObject()) {
            events.add(change.unrouted(change.change(), "change.value of " + field + " is not a JSON object"));
            return;
        }
        if (single) {
            events.add(itemOrUnrouted(change, change.change(), () -> single(change)));
        } else if (MESSAGES_FIELD.equals(field)) {
            addMessages(change, events);
        } else if (MetaEchoes.handles(field)) {
            forEachItem(change, MetaEchoes.ARRAY, events, item -> List.of(MetaEchoes.toEvent(change, item)));
        } else if (MetaHistory.handles(field)) {
            forEachItem(change, MetaHistory.ARRAY, events, chunk -> MetaHistory.toEvents(change, chunk));
        } else if (MetaGroups.handles(field)) {
            forEachItem(change, MetaGroups.ARRAY, events, group -> List.of(MetaGroups.toEvent(change, group)));
        } else if (MetaContacts.handles(field)) {
            forEachItem(change, MetaContacts.array(field), events,
                    item -> List.of(MetaContacts.toEvent(change, item)));
        } else {
            addCalls(change, events);
        }
    }

    private static WebhookEvent single(MetaChange change) {
        if (MetaTemplates.handles(change.field())) {
            return MetaTemplates.toEvent(change);
        }
        if (MetaFlows.handles(change.field())) {
            return MetaFlows.toEvent(change);
        }
        if (MetaCalls.handlesMedia(change.field())) {
            return MetaCalls.mediaEvent(change);
        }
        return MetaAccountUpdates.toEvent(change);
    }

    private void addMessages(MetaChange change, List<WebhookEvent> events) {
        JsonNode messages = optionalArray(change.value(), "messages");
        JsonNode statuses = optionalArray(change.value(), "statuses");
        if ((messages == null || messages.isEmpty()) && (statuses == null || statuses.isEmpty())) {
            events.add(MetaErrors.all(change.value()) != null ? MetaAccountUpdates.errorEvent(change)
                    : unknown(change, "messages change without messages or statuses"));
            return;
        }
        forEachItem(change, "messages", events, message -> List.of(MetaInboundMessages.toEvent(change, message)));
        forEachItem(change, "statuses", events, status -> List.of(MetaStatuses.toEvent(change, status)));
    }

    private void addCalls(MetaChange change, List<WebhookEvent> events) {
        JsonNode calls = optionalArray(change.value(), MetaCalls.CALLS);
        JsonNode statuses = optionalArray(change.value(), MetaCalls.STATUSES);
        if ((calls == null || calls.isEmpty()) && (statuses == null || statuses.isEmpty())) {
            events.add(unknown(change, "calls change without calls or statuses"));
            return;
        }
        forEachItem(change, MetaCalls.CALLS, events, call -> List.of(MetaCalls.callEvent(change, call)));
        forEachItem(change, MetaCalls.STATUSES, events, status -> List.of(MetaCalls.statusEvent(change, status)));
    }

    /**
     * Converts each element of {@code value.<array>} (missing: nothing); an element the converter refuses becomes an
     * unrouted event instead, so the good ones still go out.
     */
    private static void forEachItem(MetaChange change, String array, List<WebhookEvent> events,
                                    Function<JsonNode, List<WebhookEvent>> convert) {
        JsonNode items = change.value().get(array);
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            events.add(change.unrouted(items, "value." + array + " is not a JSON array"));
            return;
        }
        for (JsonNode item : items) {
            try {
                events.addAll(convert.apply(item));
            } catch (InvalidPayloadException e) {
                events.add(oddItem(change, item, e.getMessage()));
            }
        }
    }

    private static WebhookEvent itemOrUnrouted(MetaChange change, JsonNode item, Supplier<WebhookEvent> convert) {
        try {
            return convert.get();
        } catch (InvalidPayloadException e) {
            return oddItem(change, item, e.getMessage());
        }
    }

    private static WebhookEvent oddItem(MetaChange change, JsonNode item, String reason) {
        WebhookEvent event = change.unrouted(item, reason);
        LOG.debug("odd item of a meta change goes unrouted [webhookUid: {}, field: {}, reason: {}, eventId: {}]",
                change.webhook().uid(), change.field(), reason, event.id());
        return event;
    }

    /** An entry or change too odd to read a field from: unrouted, with the webhook's senderId. */
    private WebhookEvent odd(Webhook webhook, Instant receivedAt, JsonNode fragment, String reason) {
        MetaChange whole = new MetaChange(provider, webhook, null, null, null, "", null, fragment, receivedAt);
        return oddItem(whole, fragment, reason);
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
