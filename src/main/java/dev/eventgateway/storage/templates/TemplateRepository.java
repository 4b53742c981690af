package dev.eventgateway.storage.templates;

import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.SqlValues;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Template operations: {@code template_events} (every template event once, the history) and {@code templates} (the
 * current status, quality and category per sender, template and language). Runs in the caller's transaction.
 */
public final class TemplateRepository {

    private static final String INSERT_EVENTS = """
            INSERT INTO template_events (event_id, sender_id, template_name, language, type, status, previous, reason,
                                         details, occurred_at)
            """;
    private static final String ON_CONFLICT = "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
    private static final int EVENT_COLUMNS = 10;

    /**
     * Each of status, quality and category remembers the occurredAt of the event it came from and is replaced only by
     * a value from an event at least as new, so an old event arriving late never overwrites a newer value. The reason
     * belongs to the status it came with (an APPROVED after a REJECTED clears it).
     */
    private static final String UPSERT_TEMPLATE = """
            INSERT INTO templates AS t (sender_id, template_name, language, template_id, status, reason, status_at,
                                        quality, quality_at, category, category_at, last_event_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (sender_id, template_name, language) DO UPDATE SET
                template_id   = COALESCE(EXCLUDED.template_id, t.template_id),
                status        = CASE WHEN EXCLUDED.status_at >= t.status_at OR t.status_at IS NULL
                                     THEN COALESCE(EXCLUDED.status, t.status) ELSE t.status END,
                reason        = CASE WHEN EXCLUDED.status_at >= t.status_at OR t.status_at IS NULL
                                     THEN CASE WHEN EXCLUDED.status IS NOT NULL THEN EXCLUDED.reason ELSE t.reason END
                                     ELSE t.reason END,
                status_at     = GREATEST(t.status_at, EXCLUDED.status_at),
                quality       = CASE WHEN EXCLUDED.quality_at >= t.quality_at OR t.quality_at IS NULL
                                     THEN COALESCE(EXCLUDED.quality, t.quality) ELSE t.quality END,
                quality_at    = GREATEST(t.quality_at, EXCLUDED.quality_at),
                category      = CASE WHEN EXCLUDED.category_at >= t.category_at OR t.category_at IS NULL
                                     THEN COALESCE(EXCLUDED.category, t.category) ELSE t.category END,
                category_at   = GREATEST(t.category_at, EXCLUDED.category_at),
                last_event_at = GREATEST(t.last_event_at, EXCLUDED.last_event_at),
                updated_at    = clock_timestamp()""";

    /**
     * Stores each event once by its event id, in one round trip (multi-row inserts, {@link SqlBatches#insertNew}).
     *
     * @return for each, whether it was new (false: its event id was stored already, or earlier in the list)
     */
    public Future<List<Boolean>> insertEvents(SqlClient sql, List<TemplateEvent> events) {
        return SqlBatches.insertNew(sql, INSERT_EVENTS, ON_CONFLICT, EVENT_COLUMNS,
                events.stream().map(TemplateRepository::eventTuple).toList());
    }

    /** Folds newly stored events into their templates' current state, in order, in one round trip. */
    public Future<Void> applyToTemplates(SqlClient sql, List<TemplateEvent> events) {
        return SqlBatches.run(sql, UPSERT_TEMPLATE, events.stream().map(TemplateRepository::templateTuple).toList());
    }

    private static Tuple eventTuple(TemplateEvent e) {
        return Tuple.from(Arrays.asList(e.eventId(), e.senderId(), e.templateName(), e.language(), e.type(),
                e.status(), e.previous(), e.reason(), SqlValues.jsonb(e.details()),
                SqlValues.timestamp(e.occurredAt())));
    }

    private static Tuple templateTuple(TemplateEvent e) {
        OffsetDateTime at = SqlValues.timestamp(e.occurredAt());
        return Tuple.from(Arrays.asList(e.senderId(), e.templateName(), e.language(), e.templateId(),
                e.newStatus(), e.newStatus() != null ? e.reason() : null, e.newStatus() != null ? at : null,
                e.newQuality(), e.newQuality() != null ? at : null,
                e.newCategory(), e.newCategory() != null ? at : null, at));
    }
}
