package dev.eventgateway.worker.crm;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.crm.ContactUpdate;
import dev.eventgateway.storage.crm.CrmRepository;
import dev.eventgateway.storage.crm.InboundMessage;
import dev.eventgateway.worker.EventFields;
import dev.eventgateway.worker.PoisonRecordException;
import dev.eventgateway.worker.RecordProcessor;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Objects;

/**
 * The CRM inbox, from four topics (DESIGN §5):
 * <ul>
 *   <li>{@code wa.messages.inbound}: every message stored once by its message id, and its conversation
 *       ({@code senderId}, customer phone) counting it, moving its last inbound time and service window, and showing
 *       it as the last message when it is the newest;</li>
 *   <li>{@code wa.messages.outbound} (echoes of what the business sent from the WhatsApp Business app) and
 *       {@code wa.messages.history} (the history sync, both directions): stored the same way with their direction,
 *       counted, and shown as the last message only when newer than the one there — but never moving the inbound
 *       times or the service window;</li>
 *   <li>{@code wa.contacts.events}: the customer's marketing preference ({@code contact.preferences_update} of
 *       category {@code marketing_messages}) and address-book entry ({@code contact.sync}), each replaced only by a
 *       newer change.</li>
 * </ul>
 * A redelivered event is found by its id (or its message id) and changes nothing.
 */
public final class CrmProcessor implements RecordProcessor<CrmProcessor.Change> {

    public static final String WORKER = "crm";
    /** The preference category whose value is kept: a customer's marketing opt-out. */
    static final String MARKETING = "marketing_messages";

    /** What one event writes: a message, a contact change, or nothing (a preference of another category). */
    public record Change(InboundMessage message, ContactUpdate contact) {
    }

    private final CrmRepository repository = new CrmRepository();

    @Override
    public String worker() {
        return WORKER;
    }

    @Override
    public EventCategory source() {
        return EventCategory.INBOUND_MESSAGE;
    }

    @Override
    public List<EventCategory> sources() {
        return List.of(EventCategory.INBOUND_MESSAGE, EventCategory.OUTBOUND_MESSAGE, EventCategory.HISTORY_MESSAGE,
                EventCategory.CONTACT);
    }

    @Override
    public Change prepare(WebhookEvent event) {
        return switch (event.category()) {
            case INBOUND_MESSAGE -> new Change(message(event, "from", InboundMessage.INBOUND, true,
                    EventTypes.INBOUND_PREFIX), null);
            case OUTBOUND_MESSAGE -> new Change(message(event, "to", InboundMessage.OUTBOUND, false,
                    EventTypes.ECHO_PREFIX), null);
            case HISTORY_MESSAGE -> new Change(message(event, "phone", direction(event), false,
                    EventTypes.HISTORY_PREFIX), null);
            case CONTACT -> new Change(null, contact(event));
            default -> throw new PoisonRecordException("event type " + event.type() + " is not the crm worker's");
        };
    }

    /**
     * The conversation of a message is its customer's: the phone number when the event has one, else the BSUID; a
     * group chat's message belongs to the group's own conversation ({@code group:<groupId>}), so that it never moves
     * the participant's one-to-one thread or service window.
     */
    private static InboundMessage message(WebhookEvent event, String phoneField, String direction, boolean live,
                                          String typePrefix) {
        String groupId = EventFields.text(event.data(), "groupId");
        String userId = EventFields.text(event.data(), "userId");
        String phone = EventFields.text(event.data(), phoneField);
        String key = groupId != null ? InboundMessage.GROUP_KEY_PREFIX + groupId : phone != null ? phone : userId;
        if (key == null) {
            throw new PoisonRecordException(event.type() + " event " + event.id() + " has neither data." + phoneField
                    + " nor data.userId");
        }
        String kind = EventFields.text(event.data(), "messageType");
        if (kind == null) {
            kind = event.type().substring(typePrefix.length());
        }
        // only the customer's own messages name the customer; a participant's name is not the group's
        String contactName = InboundMessage.INBOUND.equals(direction) && groupId == null
                ? EventFields.text(event.data(), "contactName") : null;
        return new InboundMessage(EventFields.required(event, "messageId"), event.id(), EventFields.senderId(event),
                key, contactName, event.webhookUid(), event.provider(), kind, MessagePreview.of(event.data()),
                event.data(), event.occurredAt(), event.receivedAt(), direction, live, userId,
                groupId == null ? EventFields.text(event.data(), "username") : null, groupId);
    }

    private static String direction(WebhookEvent event) {
        String direction = EventFields.required(event, "direction");
        if (!InboundMessage.INBOUND.equals(direction) && !InboundMessage.OUTBOUND.equals(direction)) {
            throw new PoisonRecordException(event.type() + " event " + event.id() + " has direction " + direction);
        }
        return direction;
    }

    /** Null for a preference of a category other than marketing: nothing to keep. */
    private static ContactUpdate contact(WebhookEvent event) {
        String senderId = EventFields.senderId(event);
        // a customer who hides their number is known to the address book and preferences by BSUID
        String waId = EventFields.text(event.data(), "waId") != null ? EventFields.text(event.data(), "waId")
                : EventFields.required(event, "userId");
        if (EventTypes.CONTACT_PREFERENCES.equals(event.type())) {
            if (!MARKETING.equals(EventFields.text(event.data(), "category"))) {
                return null;
            }
            return new ContactUpdate(senderId, waId, event.id(), EventFields.required(event, "value"),
                    EventFields.text(event.data(), "detail"), null, null, event.occurredAt());
        }
        String name = EventFields.text(event.data(), "fullName");
        return new ContactUpdate(senderId, waId, event.id(), null, null, EventFields.required(event, "action"),
                name != null ? name : EventFields.text(event.data(), "firstName"), event.occurredAt());
    }

    /**
     * The messages of customers known by BSUID only are moved to the conversation of their phone number when one is
     * known (in this batch or stored); every message is inserted in one round trip, the new ones counted into their
     * conversations, a conversation kept under a BSUID merged into the phone number's once a message names both,
     * then the contact changes applied, in order.
     */
    @Override
    public Future<Void> applyAll(SqlConnection tx, List<Change> changes) {
        List<InboundMessage> prepared = changes.stream().map(Change::message).filter(Objects::nonNull).toList();
        List<ContactUpdate> contacts = changes.stream().map(Change::contact).filter(Objects::nonNull).toList();
        return repository.resolveCustomers(tx, prepared)
                .compose(messages -> repository.insertMessages(tx, messages)
                        .compose(inserted -> repository.countIntoConversations(tx, SqlBatches.where(messages, inserted)))
                        .compose(done -> repository.linkCustomerIds(tx, messages)))
                .compose(done -> repository.applyContactUpdates(tx, contacts));
    }
}
