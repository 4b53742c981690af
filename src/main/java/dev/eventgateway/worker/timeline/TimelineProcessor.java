package dev.eventgateway.worker.timeline;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.timeline.StatusEvent;
import dev.eventgateway.storage.timeline.TimelineRepository;
import dev.eventgateway.worker.EventFields;
import dev.eventgateway.worker.PoisonRecordException;
import dev.eventgateway.worker.RecordProcessor;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * The delivery timeline from {@code wa.messages.status}: every status event stored once by its event id, and folded
 * into its message's latest status under {@link StatusOrder} (see {@link TimelineRepository} for the rules). A
 * redelivered event is found by its id and changes nothing.
 */
public final class TimelineProcessor implements RecordProcessor<StatusEvent> {

    public static final String WORKER = "timeline";

    private final TimelineRepository repository = new TimelineRepository();

    @Override
    public String worker() {
        return WORKER;
    }

    @Override
    public EventCategory source() {
        return EventCategory.MESSAGE_STATUS;
    }

    @Override
    public StatusEvent prepare(WebhookEvent event) {
        String status = EventFields.text(event.data(), "status");
        if (status == null) {
            status = event.type().substring(EventTypes.STATUS_PREFIX.length());
        }
        int rank = StatusOrder.rank(status);
        if (rank == 0) {
            throw new PoisonRecordException("status event " + event.id() + " has an unknown status: " + status);
        }
        var data = event.data();
        return new StatusEvent(event.id(), EventFields.required(event, "messageId"), event.senderId(),
                EventFields.text(data, "recipient"), status, rank, EventFields.object(data, "error"),
                EventFields.object(data, "conversation"), EventFields.object(data, "pricing"),
                EventFields.text(data, "callbackData"), event.webhookUid(), event.provider(), event.occurredAt(),
                event.receivedAt());
    }

    /** Every event inserted in one round trip, then the new ones folded in another: folding commutes. */
    @Override
    public Future<Void> applyAll(SqlConnection tx, List<StatusEvent> statuses) {
        return repository.insertEvents(tx, statuses)
                .compose(inserted -> repository.applyToStatuses(tx, SqlBatches.where(statuses, inserted)));
    }
}
