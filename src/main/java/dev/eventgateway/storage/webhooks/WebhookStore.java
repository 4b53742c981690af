package dev.eventgateway.storage.webhooks;

import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.storage.query.Page;
import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The webhooks table (vertx-pg-client: non-blocking, safe on the event loop). Secrets are encrypted on write and
 * decrypted on read ({@link SecretCipher}); callers only ever see {@link Webhook}s. Every committed write is announced
 * to every gateway by the table's trigger (see {@link WebhookChangeListener}); the webhook an admin write committed is
 * also handed to {@code committed} at once (the process's registry), so the process that made a change never
 * answers with the old state after it said the change was done.
 * <p>
 * Futures complete on the caller's context. They fail with the database's exception, with
 * {@link SecretCipher.DecryptionException} when a row was encrypted under another key, or with whatever the caller's
 * change function threw (then nothing is written).
 */
public final class WebhookStore {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookStore.class);

    /** Deleted rows stay in the table for the audit; nothing but the declared upsert ever reads them. */
    private static final String LIVE = "deleted_at IS NULL";
    private static final String FILTER = """
             WHERE deleted_at IS NULL
               AND ($1::text IS NULL OR sender_id = $1)
               AND ($2::text IS NULL OR status = $2)
               AND ($3::text IS NULL OR cardinality(events) = 0 OR $3 = ANY(events))
               AND ($4::text IS NULL OR provider = $4)""";
    private static final String LIST = "SELECT * FROM webhooks " + FILTER
            + " ORDER BY created_at DESC, webhook_uid LIMIT $5 OFFSET $6";
    private static final String COUNT = "SELECT count(*) FROM webhooks " + FILTER;
    private static final String SELECT_ALL = "SELECT * FROM webhooks WHERE " + LIVE;
    private static final String SELECT_MANY = "SELECT * FROM webhooks WHERE webhook_uid = ANY($1) AND " + LIVE;
    private static final String SELECT_ONE = "SELECT * FROM webhooks WHERE webhook_uid = $1 AND " + LIVE;
    private static final String SELECT_FOR_UPDATE = SELECT_ONE + " FOR UPDATE";
    /** The declared upsert also sees deleted rows: a declaration brings its uid back. */
    private static final String SELECT_DECLARED_FOR_UPDATE = "SELECT * FROM webhooks WHERE webhook_uid = ANY($1)"
            + " ORDER BY webhook_uid FOR UPDATE";
    private static final String DELETE = "UPDATE webhooks SET deleted_at = clock_timestamp(), "
            + "updated_at = clock_timestamp() WHERE webhook_uid = $1 RETURNING deleted_at";
    private static final String INSERT = "INSERT INTO webhooks (" + WebhookRows.COLUMNS + ") VALUES ("
            + WebhookRows.PLACEHOLDERS + ") RETURNING *";
    private static final String UPDATE = "UPDATE webhooks SET (" + WebhookRows.MUTABLE_COLUMNS + ", updated_at) = ("
            + WebhookRows.PLACEHOLDERS.substring("$1, ".length()) + ", clock_timestamp()) WHERE webhook_uid = $1"
            + " RETURNING *";
    private static final String UPSERT = "INSERT INTO webhooks (" + WebhookRows.COLUMNS + ") VALUES ("
            + WebhookRows.PLACEHOLDERS + ") ON CONFLICT (webhook_uid) DO UPDATE SET (" + WebhookRows.MUTABLE_COLUMNS
            + ", updated_at, deleted_at) = (" + excluded() + ", clock_timestamp(), NULL)";

    private final Pool pool;
    private final WebhookRows rows;
    private final Consumer<Webhook> committed;
    private final Consumer<String> deleted;

    public WebhookStore(Pool pool, SecretCipher cipher) {
        this(pool, cipher, webhook -> { }, uid -> { });
    }

    /**
     * @param committed called with each webhook {@link #insert} or {@link #update} committed
     * @param deleted   called with the uid of each webhook {@link #delete} committed
     */
    public WebhookStore(Pool pool, SecretCipher cipher, Consumer<Webhook> committed, Consumer<String> deleted) {
        this.pool = pool;
        this.rows = new WebhookRows(cipher);
        this.committed = committed;
        this.deleted = deleted;
    }

    /** What a list may be narrowed to; null fields do not filter. {@code event}: webhooks that accept it. */
    public record Filter(String senderId, Webhook.Status status, String event, String provider) {

        public Filter(String senderId, Webhook.Status status, String event) {
            this(senderId, status, event, null);
        }
    }

    public Future<Page<Webhook>> list(Filter filter, PageRequest request) {
        String status = filter.status() == null ? null : filter.status().name();
        Future<RowSet<Row>> count = pool.preparedQuery(COUNT).execute(Tuple.of(filter.senderId(), status,
                filter.event(), filter.provider()));
        Future<RowSet<Row>> page = pool.preparedQuery(LIST).execute(Tuple.of(filter.senderId(), status,
                filter.event(), filter.provider(), request.limit(), request.offset()));
        return Future.all(count, page).map(done -> new Page<>(decodeAll(page.result()), request,
                count.result().iterator().next().getLong(0)));
    }

    public Future<Optional<Webhook>> find(String uid) {
        return pool.preparedQuery(SELECT_ONE).execute(Tuple.of(uid)).map(this::first);
    }

    /**
     * Every webhook whose secrets this key opens. A row it cannot open is left out and logged (by uid only): one bad
     * row must not keep the others from ingress.
     */
    public Future<List<Webhook>> loadAll() {
        return pool.query(SELECT_ALL).execute().map(this::decodeReadable);
    }

    /** The readable webhooks among these uids, by uid; a uid without a (readable) row is absent. */
    public Future<Map<String, Webhook>> findAll(Collection<String> uids) {
        return pool.preparedQuery(SELECT_MANY).execute(Tuple.of(uids.toArray(String[]::new))).map(set -> {
            Map<String, Webhook> out = new HashMap<>();
            decodeReadable(set).forEach(w -> out.put(w.uid(), w));
            return out;
        });
    }

    /** Inserts a new webhook; the answer is the stored row (with the database's timestamps). */
    public Future<Webhook> insert(Webhook webhook) {
        return pool.preparedQuery(INSERT).execute(rows.values(webhook)).map(set -> rows.decode(set.iterator().next()))
                .onSuccess(committed::accept);
    }

    /**
     * Changes one webhook in a transaction that holds its row lock, so concurrent updates never lose each other's
     * fields. Empty when there is no such uid. When {@code change} throws, nothing is written and the future fails with
     * what it threw.
     */
    public Future<Optional<Webhook>> update(String uid, UnaryOperator<Webhook> change) {
        return locked(uid, (conn, current) -> conn.preparedQuery(UPDATE).execute(rows.values(change.apply(current)))
                .map(updated -> rows.decode(updated.iterator().next())))
                .onSuccess(updated -> updated.ifPresent(committed));
    }

    /**
     * Soft-deletes one webhook: the row stays, with {@code deleted_at}, and no read of this store sees it again.
     * {@code check} runs under the row lock first and may refuse by throwing (then nothing is written and the future
     * fails with what it threw). Empty when there is no such (live) uid; else the time of the deletion.
     */
    public Future<Optional<Instant>> delete(String uid, Consumer<Webhook> check) {
        return locked(uid, (conn, current) -> {
            check.accept(current);
            return conn.preparedQuery(DELETE).execute(Tuple.of(uid))
                    .map(stamped -> stamped.iterator().next().getOffsetDateTime("deleted_at").toInstant());
        }).onSuccess(when -> when.ifPresent(at -> deleted.accept(uid)));
    }

    /**
     * Runs {@code write} on the live webhook in a transaction that holds its row lock; empty, writing nothing, when
     * there is no such uid. What {@code write} throws fails the future and rolls the transaction back.
     */
    private <T> Future<Optional<T>> locked(String uid, BiFunction<SqlConnection, Webhook, Future<T>> write) {
        return pool.withTransaction(conn -> conn.preparedQuery(SELECT_FOR_UPDATE).execute(Tuple.of(uid))
                .compose(set -> {
                    Optional<Webhook> current = first(set);
                    return current.isEmpty() ? Future.succeededFuture(Optional.<T>empty())
                            : write.apply(conn, current.get()).map(Optional::of);
                }));
    }

    /**
     * Writes the webhooks declared in the config file (marked declared): new ones are inserted, changed ones
     * overwritten (the file is their source of truth, also over a row the admin API made), unchanged ones left alone so
     * a restart does not touch every row. Run at start-up, before ingress serves. One transaction and two round trips
     * however many webhooks are declared: their rows are read (and locked, in uid order, so that gateways starting
     * together wait for each other instead of deadlocking) in one statement, and the new or changed ones written in one
     * pipelined batch; ten thousand declared webhooks start as fast as two.
     */
    public Future<Void> upsertDeclared(List<Webhook> declared) {
        if (declared.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Webhook> wanted = declared.stream().map(w -> w.toBuilder().declared(true).build()).toList();
        String[] uids = wanted.stream().map(Webhook::uid).toArray(String[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(SELECT_DECLARED_FOR_UPDATE).execute(Tuple.of(uids))
                .compose(set -> {
                    Map<String, Row> stored = new HashMap<>();
                    set.forEach(row -> stored.put(row.getString("webhook_uid"), row));
                    List<Tuple> writes = new ArrayList<>();
                    for (Webhook webhook : wanted) {
                        if (needsWrite(stored.get(webhook.uid()), webhook)) {
                            writes.add(rows.values(webhook));
                        }
                    }
                    return writes.isEmpty() ? Future.<Void>succeededFuture()
                            : conn.preparedQuery(UPSERT).executeBatch(writes).<Void>mapEmpty();
                }));
    }

    /** Whether the declaration differs from the stored row (or there is none, or it does not open with our key). */
    private boolean needsWrite(Row row, Webhook wanted) {
        if (row == null) {
            return true;
        }
        if (row.getOffsetDateTime("deleted_at") != null) {
            LOG.warn("declared webhook brings back one deleted through the admin API [webhookUid: {}]", wanted.uid());
            return true;
        }
        Webhook stored;
        try {
            stored = rows.decode(row);
        } catch (SecretCipher.DecryptionException e) {
            stored = null; // written under another key: the declaration rewrites it
        }
        if (stored != null && WebhookRows.sameDefinition(stored, wanted)) {
            return false;
        }
        if (!row.getBoolean("declared")) {
            LOG.warn("declared webhook replaces one made through the admin API [webhookUid: {}]", wanted.uid());
        }
        return true;
    }

    private Optional<Webhook> first(RowSet<Row> set) {
        return set.size() == 0 ? Optional.empty() : Optional.of(rows.decode(set.iterator().next()));
    }

    private List<Webhook> decodeAll(RowSet<Row> set) {
        List<Webhook> out = new ArrayList<>(set.size());
        set.forEach(row -> out.add(rows.decode(row)));
        return out;
    }

    private List<Webhook> decodeReadable(RowSet<Row> set) {
        List<Webhook> out = new ArrayList<>(set.size());
        for (Row row : set) {
            try {
                out.add(rows.decode(row));
            } catch (SecretCipher.DecryptionException e) {
                LOG.error("webhook left out of ingress: its secrets do not open with this gateway's key "
                        + "[webhookUid: {}, cause: {}]", row.getString("webhook_uid"), e.getMessage());
            }
        }
        return out;
    }

    private static String excluded() {
        StringBuilder out = new StringBuilder();
        for (String column : WebhookRows.MUTABLE_COLUMNS.split(",\\s*")) {
            out.append(out.isEmpty() ? "" : ", ").append("EXCLUDED.").append(column);
        }
        return out.toString();
    }
}
