package dev.eventgateway.worker.crm;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.crm.CrmRepository;
import dev.eventgateway.storage.crm.InboundMessage;
import dev.eventgateway.worker.EventFields;
import dev.eventgateway.worker.RecordProcessor;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * The CRM inbox from {@code wa.messages.inbound}: every message stored once by its message id, and its conversation
 * ({@code senderId}, customer phone) counting it, moving its last inbound time and service window, and showing it as
 * the last message when it is the newest. A redelivered message is found by its id and changes nothing.
 */
public final class CrmProcessor implements RecordProcessor<InboundMessage> {

    public static final String WORKER = "crm";

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
    public InboundMessage prepare(WebhookEvent event) {
        String kind = EventFields.text(event.data(), "messageType");
        if (kind == null) {
            kind = event.type().substring(EventTypes.INBOUND_PREFIX.length());
        }
        return new InboundMessage(EventFields.required(event, "messageId"), event.id(), EventFields.senderId(event),
                EventFields.required(event, "from"), EventFields.text(event.data(), "contactName"),
                event.webhookUid(), event.provider(), kind, MessagePreview.of(event.data()), event.data(),
                event.occurredAt(), event.receivedAt());
    }

    /** Every message inserted in one round trip, then the new ones counted into their conversations. */
    @Override
    public Future<Void> applyAll(SqlConnection tx, List<InboundMessage> messages) {
        return repository.insertMessages(tx, messages)
                .compose(inserted -> repository.countIntoConversations(tx, SqlBatches.where(messages, inserted)));
    }
}
