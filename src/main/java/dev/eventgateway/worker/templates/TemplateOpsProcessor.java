package dev.eventgateway.worker.templates;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.templates.NotificationOutbox;
import dev.eventgateway.storage.templates.OutboxEntry;
import dev.eventgateway.storage.templates.TemplateEvent;
import dev.eventgateway.storage.templates.TemplateRepository;
import dev.eventgateway.worker.EventFields;
import dev.eventgateway.worker.RecordProcessor;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Template operations from {@code wa.templates.status}: every template event stored once (the history), the
 * template's current status, quality and category updated from it, and one notification per event written to the
 * outbox in the same transaction. The {@link NotificationDispatcherVerticle} delivers the outbox; this worker only
 * wakes it after a commit. A redelivered event is found by its id and changes nothing, notification included.
 */
public final class TemplateOpsProcessor implements RecordProcessor<TemplateOpsProcessor.Change> {

    public static final String WORKER = "template-ops";

    /** The history row and its notification. */
    public record Change(TemplateEvent event, OutboxEntry notification) {
    }

    private final TemplateRepository templates = new TemplateRepository();
    private final NotificationOutbox outbox = new NotificationOutbox();
    private final boolean httpEnabled;
    private final Runnable wakeDispatcher;
    private final Clock clock;

    /**
     * @param httpEnabled    whether a notification URL is configured (new rows are then pending an HTTP POST)
     * @param wakeDispatcher called after a commit so that the notification goes out without waiting for a poll
     */
    public TemplateOpsProcessor(boolean httpEnabled, Runnable wakeDispatcher, Clock clock) {
        this.clock = clock;
        this.httpEnabled = httpEnabled;
        this.wakeDispatcher = wakeDispatcher;
    }

    @Override
    public String worker() {
        return WORKER;
    }

    @Override
    public EventCategory source() {
        return EventCategory.TEMPLATE;
    }

    @Override
    public Change prepare(WebhookEvent event) {
        String type = event.type();
        // an edit (template.components_update) changes no status: its history row keeps the new components
        boolean edit = type.equals(EventTypes.TEMPLATE_COMPONENTS);
        String status = edit ? null : EventFields.required(event, "status");
        String language = EventFields.text(event.data(), "language");
        String category = EventFields.text(event.data(), "category");
        TemplateEvent history = new TemplateEvent(event.id(), type, EventFields.senderId(event),
                EventFields.required(event, "templateName"), language == null ? "" : language,
                EventFields.text(event.data(), "templateId"), status, EventFields.text(event.data(), "previous"),
                EventFields.text(event.data(), "reason"),
                EventFields.object(event.data(), edit ? "components" : "details"),
                event.occurredAt(),
                type.equals(EventTypes.TEMPLATE_STATUS) ? status : null,
                type.equals(EventTypes.TEMPLATE_QUALITY) ? status : null,
                // a status update may carry the category; a category update's category is the one in force
                type.equals(EventTypes.TEMPLATE_QUALITY) ? null : category);
        return new Change(history, TemplateNotifications.of(event, history, httpEnabled, clock.instant()));
    }

    /**
     * Every event inserted in one round trip, then the new ones folded into their templates (in order: an event as
     * new as the current value replaces it) and their notifications queued, one round trip each. Neither step reads
     * what the other writes, so the end state is that of record after record.
     */
    @Override
    public Future<Void> applyAll(SqlConnection tx, List<Change> changes) {
        List<TemplateEvent> events = changes.stream().map(Change::event).toList();
        return templates.insertEvents(tx, events).compose(inserted -> {
            List<Change> fresh = SqlBatches.where(changes, inserted);
            return templates.applyToTemplates(tx, fresh.stream().map(Change::event).toList())
                    .compose(v -> outbox.insertAll(tx, fresh.stream().map(Change::notification).toList()));
        });
    }

    @Override
    public void afterCommit(Change change) {
        wakeDispatcher.run();
    }
}
