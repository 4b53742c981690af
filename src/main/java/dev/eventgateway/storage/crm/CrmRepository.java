package dev.eventgateway.storage.crm;

import dev.eventgateway.storage.SqlBatches;
import dev.eventgateway.storage.SqlValues;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRM inbox: {@code messages} (one row per message id, either direction), {@code conversations} (one row per
 * business number and customer) and {@code contacts} (the customer's marketing preference and address-book entry). Every method runs in the caller's transaction; futures fail with the database's error.
 */
public final class CrmRepository {

    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (message_id, event_id, sender_id, phone, webhook_uid, provider, message_type, text,
                                  data, occurred_at, received_at, direction, user_id, group_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT DO NOTHING
            RETURNING message_id""";

    /** Counts a newly stored message; the window follows the newest inbound time, whatever the arrival order. */
    private static final String COUNT_INTO_CONVERSATION = """
            INSERT INTO conversations AS c (sender_id, phone, contact_name, last_message_id, last_message_type,
                                            last_message_text, last_message_at, message_count, first_inbound_at,
                                            last_inbound_at, service_window_expires_at, last_message_direction,
                                            user_id, username, group_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 1, $7::timestamptz, $7::timestamptz,
                    $7::timestamptz + interval '24 hours', $8, $9, $10, $11)
            ON CONFLICT (sender_id, phone) DO UPDATE SET
                user_id                   = COALESCE(EXCLUDED.user_id, c.user_id),
                username                  = COALESCE(EXCLUDED.username, c.username),
                message_count             = c.message_count + 1,
                first_inbound_at          = LEAST(c.first_inbound_at, EXCLUDED.first_inbound_at),
                last_inbound_at           = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at),
                service_window_expires_at = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at)
                                            + interval '24 hours',
                contact_name              = COALESCE(c.contact_name, EXCLUDED.contact_name),
                updated_at                = clock_timestamp()""";

    /**
     * Counts a newly stored echo or history message: it never moves the inbound times or the service window (a
     * business's own message does not open it, and a past message is not a new inbound). A conversation it creates
     * has it as its last message.
     */
    private static final String COUNT_PASSIVE_INTO_CONVERSATION = """
            INSERT INTO conversations AS c (sender_id, phone, contact_name, last_message_id, last_message_type,
                                            last_message_text, last_message_at, message_count,
                                            last_message_direction, user_id, username, group_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 1, $8, $9, $10, $11)
            ON CONFLICT (sender_id, phone) DO UPDATE SET
                user_id       = COALESCE(EXCLUDED.user_id, c.user_id),
                username      = COALESCE(EXCLUDED.username, c.username),
                message_count = c.message_count + 1,
                contact_name  = COALESCE(c.contact_name, EXCLUDED.contact_name),
                updated_at    = clock_timestamp()""";

    /**
     * Only a newer message becomes the last one: newer by occurredAt, ties broken by message id, so the result does
     * not depend on the order in which messages arrive. Its contact name, when it has one, is the current name.
     */
    private static final String REPLACE_LAST_MESSAGE_IF_NEWER = """
            UPDATE conversations
               SET last_message_id = $3, last_message_type = $4, last_message_text = $5, last_message_at = $6,
                   contact_name = COALESCE($7, contact_name), last_message_direction = $8,
                   updated_at = clock_timestamp()
             WHERE sender_id = $1 AND phone = $2
               AND (last_message_at, last_message_id) < ($6::timestamptz, $3::text)""";

    /** The phone number a BSUID is known by: the conversation that Meta named by both ids. */
    private static final String PHONES_OF_USER_IDS = """
            SELECT c.sender_id, c.user_id, c.phone
              FROM conversations c
              JOIN unnest($1::text[], $2::text[]) AS wanted(sender_id, user_id)
                ON c.sender_id = wanted.sender_id AND c.user_id = wanted.user_id
             WHERE c.phone <> c.user_id AND c.group_id IS NULL""";

    /**
     * Merges the conversation kept under a customer's BSUID ($3) into the one of their phone number ($2), once a
     * message names both: counts add up, the inbound times and service window follow the newest inbound of either,
     * the last message is the newer one. Creates the phone number's conversation when there was none.
     */
    private static final String MERGE_USER_ID_CONVERSATION = """
            WITH old AS (DELETE FROM conversations WHERE sender_id = $1 AND phone = $3 AND group_id IS NULL
                         RETURNING *)
            INSERT INTO conversations AS c (sender_id, phone, user_id, username, contact_name, last_message_id,
                                            last_message_type, last_message_text, last_message_at,
                                            last_message_direction, message_count, first_inbound_at, last_inbound_at,
                                            service_window_expires_at, created_at)
            SELECT $1, $2, $3, username, contact_name, last_message_id, last_message_type, last_message_text,
                   last_message_at, last_message_direction, message_count, first_inbound_at, last_inbound_at,
                   service_window_expires_at, created_at
              FROM old
            ON CONFLICT (sender_id, phone) DO UPDATE SET
                message_count             = c.message_count + EXCLUDED.message_count,
                first_inbound_at          = LEAST(c.first_inbound_at, EXCLUDED.first_inbound_at),
                last_inbound_at           = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at),
                service_window_expires_at = GREATEST(c.last_inbound_at, EXCLUDED.last_inbound_at)
                                            + interval '24 hours',
                user_id                   = COALESCE(c.user_id, EXCLUDED.user_id),
                username                  = COALESCE(c.username, EXCLUDED.username),
                contact_name              = COALESCE(c.contact_name, EXCLUDED.contact_name),
                last_message_id           = CASE WHEN c.last_message_at IS NULL OR (EXCLUDED.last_message_at,
                                                 EXCLUDED.last_message_id) > (c.last_message_at, c.last_message_id)
                                                 THEN EXCLUDED.last_message_id ELSE c.last_message_id END,
                last_message_type         = CASE WHEN c.last_message_at IS NULL OR (EXCLUDED.last_message_at,
                                                 EXCLUDED.last_message_id) > (c.last_message_at, c.last_message_id)
                                                 THEN EXCLUDED.last_message_type ELSE c.last_message_type END,
                last_message_text         = CASE WHEN c.last_message_at IS NULL OR (EXCLUDED.last_message_at,
                                                 EXCLUDED.last_message_id) > (c.last_message_at, c.last_message_id)
                                                 THEN EXCLUDED.last_message_text ELSE c.last_message_text END,
                last_message_direction    = CASE WHEN c.last_message_at IS NULL OR (EXCLUDED.last_message_at,
                                                 EXCLUDED.last_message_id) > (c.last_message_at, c.last_message_id)
                                                 THEN EXCLUDED.last_message_direction ELSE c.last_message_direction END,
                last_message_at           = GREATEST(c.last_message_at, EXCLUDED.last_message_at),
                updated_at                = clock_timestamp()""";

    /** The merged conversation's messages follow it, and it learns the BSUID (a no-op when nothing was merged). */
    private static final String MOVE_USER_ID_MESSAGES = """
            WITH moved AS (UPDATE messages SET phone = $2 WHERE sender_id = $1 AND phone = $3 AND group_id IS NULL)
            UPDATE conversations SET user_id = $3
             WHERE sender_id = $1 AND phone = $2 AND user_id IS DISTINCT FROM $3""";

    /**
     * Where a customer is known by BSUID only, the message goes to the conversation of their phone number when that
     * is known: from another message of the same batch that names both ids, else from a stored conversation. One
     * round trip, only when a batch has such a message.
     *
     * @return the messages, in order, each keyed by its customer's conversation
     */
    public Future<List<InboundMessage>> resolveCustomers(SqlClient sql, List<InboundMessage> messages) {
        Map<String, String> phones = new HashMap<>();
        for (InboundMessage m : messages) {
            if (m.linksIds()) {
                phones.putIfAbsent(m.senderId() + "\u0000" + m.userId(), m.phone());
            }
        }
        List<InboundMessage> unresolved = messages.stream()
                .filter(m -> m.byUserIdOnly() && !phones.containsKey(m.senderId() + "\u0000" + m.userId()))
                .toList();
        Future<Void> stored = Future.succeededFuture();
        if (!unresolved.isEmpty()) {
            String[] senders = unresolved.stream().map(InboundMessage::senderId).toArray(String[]::new);
            String[] userIds = unresolved.stream().map(InboundMessage::userId).toArray(String[]::new);
            stored = sql.preparedQuery(PHONES_OF_USER_IDS).execute(Tuple.of((Object) senders, (Object) userIds)).map(rows -> {
                rows.forEach(row -> phones.putIfAbsent(row.getString("sender_id") + "\u0000" + row.getString("user_id"),
                        row.getString("phone")));
                return null;
            });
        }
        return stored.map(done -> messages.stream().map(m -> {
            String phone = m.byUserIdOnly() ? phones.get(m.senderId() + "\u0000" + m.userId()) : null;
            return phone != null ? m.withPhone(phone) : m;
        }).toList());
    }

    /**
     * Once a message names a customer by phone number and BSUID, a conversation kept under the BSUID alone (the
     * customer wrote before Meta shared the number) becomes part of the phone number's: one conversation, found by
     * either id. One round trip per statement, only for the pairs the batch names.
     */
    public Future<Void> linkCustomerIds(SqlClient sql, List<InboundMessage> messages) {
        Map<List<String>, Tuple> pairs = new LinkedHashMap<>();
        for (InboundMessage m : messages) {
            if (m.linksIds()) {
                pairs.putIfAbsent(List.of(m.senderId(), m.phone(), m.userId()),
                        Tuple.of(m.senderId(), m.phone(), m.userId()));
            }
        }
        List<Tuple> tuples = List.copyOf(pairs.values());
        return SqlBatches.run(sql, MERGE_USER_ID_CONVERSATION, tuples)
                .compose(done -> SqlBatches.run(sql, MOVE_USER_ID_MESSAGES, tuples));
    }

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
        return SqlBatches.run(sql, COUNT_INTO_CONVERSATION, messages.stream().filter(InboundMessage::live)
                        .map(CrmRepository::countTuple).toList())
                .compose(done -> SqlBatches.run(sql, COUNT_PASSIVE_INTO_CONVERSATION, messages.stream()
                        .filter(m -> !m.live()).map(CrmRepository::countTuple).toList()))
                .compose(done -> SqlBatches.run(sql, REPLACE_LAST_MESSAGE_IF_NEWER,
                        messages.stream().map(CrmRepository::lastMessageTuple).toList()));
    }

    /**
     * Applies contact changes in order, in one round trip: each value (the marketing preference, the address-book
     * entry) is replaced only by a change at least as new, so a late, older change never undoes a newer one and a
     * redelivered change leaves the row as it was.
     */
    public Future<Void> applyContactUpdates(SqlClient sql, List<ContactUpdate> updates) {
        return SqlBatches.run(sql, UPSERT_CONTACT, updates.stream().map(CrmRepository::contactTuple).toList());
    }

    private static final String UPSERT_CONTACT = """
            INSERT INTO contacts AS p (sender_id, wa_id, marketing, marketing_detail, marketing_at, marketing_event_id,
                                       address_book_action, address_book_name, address_book_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $3::text IS NULL THEN NULL ELSE $7::timestamptz END,
                    CASE WHEN $3::text IS NULL THEN NULL ELSE $8 END, $5,
                    $6, CASE WHEN $5::text IS NULL THEN NULL ELSE $7::timestamptz END)
            ON CONFLICT (sender_id, wa_id) DO UPDATE SET
                marketing          = CASE WHEN EXCLUDED.marketing IS NOT NULL
                                           AND (p.marketing_at IS NULL OR EXCLUDED.marketing_at >= p.marketing_at)
                                          THEN EXCLUDED.marketing ELSE p.marketing END,
                marketing_detail   = CASE WHEN EXCLUDED.marketing IS NOT NULL
                                           AND (p.marketing_at IS NULL OR EXCLUDED.marketing_at >= p.marketing_at)
                                          THEN EXCLUDED.marketing_detail ELSE p.marketing_detail END,
                marketing_event_id = CASE WHEN EXCLUDED.marketing IS NOT NULL
                                           AND (p.marketing_at IS NULL OR EXCLUDED.marketing_at >= p.marketing_at)
                                          THEN EXCLUDED.marketing_event_id ELSE p.marketing_event_id END,
                marketing_at       = GREATEST(p.marketing_at, EXCLUDED.marketing_at),
                address_book_name  = CASE WHEN EXCLUDED.address_book_action IS NOT NULL
                                           AND (p.address_book_at IS NULL OR EXCLUDED.address_book_at >= p.address_book_at)
                                          THEN EXCLUDED.address_book_name ELSE p.address_book_name END,
                address_book_action = CASE WHEN EXCLUDED.address_book_action IS NOT NULL
                                           AND (p.address_book_at IS NULL OR EXCLUDED.address_book_at >= p.address_book_at)
                                          THEN EXCLUDED.address_book_action ELSE p.address_book_action END,
                address_book_at    = GREATEST(p.address_book_at, EXCLUDED.address_book_at),
                updated_at         = clock_timestamp()""";

    private static Tuple contactTuple(ContactUpdate u) {
        return Tuple.of(u.senderId(), u.waId(), u.marketing(), u.marketingDetail(), u.addressBookAction(),
                u.addressBookName(), SqlValues.timestamp(u.occurredAt()), u.eventId());
    }

    private static Tuple messageTuple(InboundMessage m) {
        return Tuple.of(m.messageId(), m.eventId(), m.senderId(), m.phone(), m.webhookUid(), m.provider(),
                m.messageType(), m.text(), SqlValues.jsonb(m.data()), SqlValues.timestamp(m.occurredAt()),
                SqlValues.timestamp(m.receivedAt()), m.direction(), m.userId(), m.groupId());
    }

    private static Tuple countTuple(InboundMessage m) {
        // a group's conversation is the group's: the participant's ids are on the message only
        return Tuple.of(m.senderId(), m.phone(), m.contactName(), m.messageId(), m.messageType(), m.text(),
                SqlValues.timestamp(m.occurredAt()), m.direction(), m.groupId() == null ? m.userId() : null,
                m.username(), m.groupId());
    }

    private static Tuple lastMessageTuple(InboundMessage m) {
        return Tuple.of(m.senderId(), m.phone(), m.messageId(), m.messageType(), m.text(),
                SqlValues.timestamp(m.occurredAt()), m.contactName(), m.direction());
    }
}
