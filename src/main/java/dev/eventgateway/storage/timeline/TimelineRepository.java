package dev.eventgateway.storage.timeline;

import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.SqlValues;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The delivery timeline: {@code message_status_events} (every status event once) and {@code message_statuses}
 * (per message, the latest status under the monotonic order). Every method runs in the caller's transaction.
 */
public final class TimelineRepository {

    private static final String INSERT_EVENTS = """
            INSERT INTO message_status_events (event_id, message_id, sender_id, recipient, status, error, conversation,
                                               pricing, callback_data, webhook_uid, provider, occurred_at, received_at)
            """;
    private static final String ON_CONFLICT = "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
    private static final int EVENT_COLUMNS = 13;

    /**
     * The status moves only to a higher rank, so late or reordered events never move a message backwards; each
     * stage keeps the earliest time it was reached; a failure keeps the error of its earliest failed event; pricing
     * and conversation come from the highest-ranked event that carried them; the callback data is the first seen
     * (senders set it once per message).
     */
    private static final String UPSERT_STATUS = """
            INSERT INTO message_statuses AS s (message_id, sender_id, recipient, status, status_rank, error,
                                               conversation, pricing, callback_data, sent_at, delivered_at, read_at,
                                               played_at, failed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (message_id) DO UPDATE SET
                status        = CASE WHEN EXCLUDED.status_rank > s.status_rank THEN EXCLUDED.status ELSE s.status END,
                status_rank   = GREATEST(s.status_rank, EXCLUDED.status_rank),
                error         = CASE WHEN EXCLUDED.failed_at IS NOT NULL
                                      AND (s.failed_at IS NULL OR EXCLUDED.failed_at < s.failed_at)
                                     THEN EXCLUDED.error ELSE s.error END,
                sender_id     = COALESCE(s.sender_id, EXCLUDED.sender_id),
                recipient     = COALESCE(s.recipient, EXCLUDED.recipient),
                conversation  = CASE WHEN EXCLUDED.conversation IS NOT NULL
                                      AND (s.conversation IS NULL OR EXCLUDED.status_rank >= s.status_rank)
                                     THEN EXCLUDED.conversation ELSE s.conversation END,
                pricing       = CASE WHEN EXCLUDED.pricing IS NOT NULL
                                      AND (s.pricing IS NULL OR EXCLUDED.status_rank >= s.status_rank)
                                     THEN EXCLUDED.pricing ELSE s.pricing END,
                callback_data = COALESCE(s.callback_data, EXCLUDED.callback_data),
                sent_at       = LEAST(s.sent_at, EXCLUDED.sent_at),
                delivered_at  = LEAST(s.delivered_at, EXCLUDED.delivered_at),
                read_at       = LEAST(s.read_at, EXCLUDED.read_at),
                played_at     = LEAST(s.played_at, EXCLUDED.played_at),
                failed_at     = LEAST(s.failed_at, EXCLUDED.failed_at),
                updated_at    = clock_timestamp()""";

    /** The stage columns, in the order of {@code UPSERT_STATUS} parameters 10 to 14. */
    private static final String[] STAGES = {"sent", "delivered", "read", "played", "failed"};

    /**
     * Stores each event once by its event id, in one round trip (multi-row inserts, {@link SqlBatches#insertNew}).
     *
     * @return for each, whether it was new (false: its event id was stored already, or earlier in the list)
     */
    public Future<List<Boolean>> insertEvents(SqlClient sql, List<StatusEvent> events) {
        return SqlBatches.insertNew(sql, INSERT_EVENTS, ON_CONFLICT, EVENT_COLUMNS,
                events.stream().map(TimelineRepository::eventTuple).toList());
    }

    /** Folds newly stored events into their messages' latest statuses, in one round trip. Once per new event. */
    public Future<Void> applyToStatuses(SqlClient sql, List<StatusEvent> events) {
        return SqlBatches.run(sql, UPSERT_STATUS, events.stream().map(TimelineRepository::statusTuple).toList());
    }

    private static Tuple eventTuple(StatusEvent e) {
        return Tuple.from(Arrays.asList(e.eventId(), e.messageId(), e.senderId(), e.recipient(), e.status(),
                SqlValues.jsonb(e.error()), SqlValues.jsonb(e.conversation()), SqlValues.jsonb(e.pricing()),
                e.callbackData(), e.webhookUid(), e.provider(), SqlValues.timestamp(e.occurredAt()),
                SqlValues.timestamp(e.receivedAt())));
    }

    private static Tuple statusTuple(StatusEvent e) {
        Object[] stages = new Object[STAGES.length];
        OffsetDateTime at = SqlValues.timestamp(e.occurredAt());
        for (int i = 0; i < STAGES.length; i++) {
            stages[i] = STAGES[i].equals(e.status()) ? at : null;
        }
        boolean failed = "failed".equals(e.status());
        return Tuple.from(Arrays.asList(e.messageId(), e.senderId(), e.recipient(), e.status(), (short) e.rank(),
                failed ? SqlValues.jsonb(e.error()) : null, SqlValues.jsonb(e.conversation()),
                SqlValues.jsonb(e.pricing()), e.callbackData(), stages[0], stages[1], stages[2], stages[3],
                stages[4]));
    }
}
