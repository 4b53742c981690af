package dev.eventgateway.storage.crm;

import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.SqlValues;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The CRM inbox: {@code messages} (one row per message id) and {@code conversations} (one row per business number
 * and customer). Every method runs in the caller's transaction; futures fail with the database's error.
 */
public final class CrmRepository {

    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (message_id, event_id, sender_id, phone, webhook_uid, provider, message_type, text,
                                  data, occurred_at, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT DO NOTHING
            RETURNING message_id""";

    /** Counts a newly stored message; the window follows the newest inbound time, whatever the arrival order. */
    private static final String COUNT_INTO_CONVERSATION = """
            INSERT INTO conversations AS c (sender_id, phone, contact_name, last_message_id, last_message_type,
                                            last_message_text, last_message_at, message_count, first_inbound_at,
                                            last_inbound_at, service_window_expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 1, $7::timestamptz, $7::timestamptz,
                    $7::timestamptz + interval '24 hours')
            ON CONFLICT (sender_id, phone) DO UPDATE SET
                message_count             = c.message_count + 1,
                first_inbound_at          = LEAST(c.first_inbound_at, EXCLUDED.first_inbound_at),
                last_inbound_at           = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at),
                service_window_expires_at = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at)
                                            + interval '24 hours',
                contact_name              = COALESCE(c.contact_name, EXCLUDED.contact_name),
                updated_at                = clock_timestamp()""";

    /**
     * Only a newer message becomes the last one: newer by occurredAt, ties broken by message id, so the result does
     * not depend on the order in which messages arrive. Its contact name, when it has one, is the current name.
     */
    private static final String REPLACE_LAST_MESSAGE_IF_NEWER = """
            UPDATE conversations
               SET last_message_id = $3, last_message_type = $4, last_message_text = $5, last_message_at = $6,
                   contact_name = COALESCE($7, contact_name), updated_at = clock_timestamp()
             WHERE sender_id = $1 AND phone = $2
               AND (last_message_at, last_message_id) < ($6::timestamptz, $3::text)""";

    /**
     * Stores each message once, in order, in one round trip.
     *
     * @return for each, whether it was new (false: its message id or event id was stored already)
     */
    public Future<List<Boolean>> insertMessages(SqlClient sql, List<InboundMessage> messages) {
        return SqlBatches.affected(sql, INSERT_MESSAGE, messages.stream().map(CrmRepository::messageTuple).toList());
    }

    /**
     * Counts messages that {@link #insertMessages} just stored into their conversations, creating a conversation on
     * its first message, in two round trips: every count first, then every last-message replacement. The end state is
     * the same as one message after the other: counting commutes, and a replacement only ever moves to a newer
     * message. Call it once per new message only: it is what keeps {@code message_count} exact.
     */
    public Future<Void> countIntoConversations(SqlClient sql, List<InboundMessage> messages) {
        return SqlBatches.run(sql, COUNT_INTO_CONVERSATION, messages.stream().map(CrmRepository::countTuple).toList())
                .compose(done -> SqlBatches.run(sql, REPLACE_LAST_MESSAGE_IF_NEWER,
                        messages.stream().map(CrmRepository::lastMessageTuple).toList()));
    }

    private static Tuple messageTuple(InboundMessage m) {
        return Tuple.of(m.messageId(), m.eventId(), m.senderId(), m.phone(), m.webhookUid(), m.provider(),
                m.messageType(), m.text(), SqlValues.jsonb(m.data()), SqlValues.timestamp(m.occurredAt()),
                SqlValues.timestamp(m.receivedAt()));
    }

    private static Tuple countTuple(InboundMessage m) {
        return Tuple.of(m.senderId(), m.phone(), m.contactName(), m.messageId(), m.messageType(), m.text(),
                SqlValues.timestamp(m.occurredAt()));
    }

    private static Tuple lastMessageTuple(InboundMessage m) {
        return Tuple.of(m.senderId(), m.phone(), m.messageId(), m.messageType(), m.text(),
                SqlValues.timestamp(m.occurredAt()), m.contactName());
    }
}
