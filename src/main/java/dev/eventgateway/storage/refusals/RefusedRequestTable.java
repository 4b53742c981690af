package dev.eventgateway.storage.refusals;

import dev.eventgateway.storage.query.Page;
import dev.eventgateway.storage.query.PageRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code refused_requests} table (V5): appended in batches, read newest first, pruned by age and size.
 * Non-blocking; every future fails with the pg client's exception.
 */
public final class RefusedRequestTable {

    private static final String INSERT = """
            INSERT INTO refused_requests (refused_at, webhook_uid, provider, client_address, status, error_code,
                                          reason, request_id)
            SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[],
                                 $7::text[], $8::text[])
            """;
    private static final String COUNT = """
            SELECT count(*) FROM refused_requests WHERE ($1::text IS NULL OR webhook_uid = $1)
            """;
    private static final String LIST = """
            SELECT refused_at, webhook_uid, provider, client_address, status, error_code, reason, request_id
            FROM refused_requests WHERE ($1::text IS NULL OR webhook_uid = $1)
            ORDER BY refused_at DESC, id DESC LIMIT $2 OFFSET $3
            """;
    private static final String PRUNE_AGE = "DELETE FROM refused_requests WHERE refused_at < now() - $1::bigint * interval '1 second'";
    private static final String PRUNE_SIZE = """
            DELETE FROM refused_requests WHERE id <= (SELECT max(id) FROM refused_requests) - $1
            """;

    private final Pool pool;

    public RefusedRequestTable(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> append(List<RefusedRequest> refusals) {
        int n = refusals.size();
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] uid = new String[n];
        String[] provider = new String[n];
        String[] client = new String[n];
        Short[] status = new Short[n];
        String[] code = new String[n];
        String[] reason = new String[n];
        String[] requestId = new String[n];
        for (int i = 0; i < n; i++) {
            RefusedRequest r = refusals.get(i);
            at[i] = r.refusedAt().atOffset(ZoneOffset.UTC);
            uid[i] = r.webhookUid();
            provider[i] = r.provider();
            client[i] = r.clientAddress();
            status[i] = (short) r.status();
            code[i] = r.errorCode();
            reason[i] = r.reason();
            requestId[i] = r.requestId();
        }
        return pool.preparedQuery(INSERT).execute(Tuple.of(at, uid, provider, client, status, code, reason)
                .addValue(requestId)).mapEmpty();
    }

    /** Newest first; {@code webhookUid} null for every webhook. */
    public Future<Page<RefusedRequest>> list(String webhookUid, PageRequest request) {
        Future<Long> total = pool.preparedQuery(COUNT).execute(Tuple.of(webhookUid))
                .map(set -> set.iterator().next().getLong(0));
        Future<List<RefusedRequest>> items = pool.preparedQuery(LIST)
                .execute(Tuple.of(webhookUid, request.limit(), request.offset()))
                .map(set -> {
                    List<RefusedRequest> out = new ArrayList<>();
                    set.forEach(row -> out.add(decode(row)));
                    return out;
                });
        return Future.all(total, items).map(done -> new Page<>(items.result(), request, total.result()));
    }

    /** Deletes the rows older than {@code maxAge}, then all but the newest {@code maxRows} (by id). */
    public Future<Void> prune(Duration maxAge, long maxRows) {
        return pool.preparedQuery(PRUNE_AGE).execute(Tuple.of(maxAge.toSeconds()))
                .compose(done -> pool.preparedQuery(PRUNE_SIZE).execute(Tuple.of(maxRows))).mapEmpty();
    }

    private static RefusedRequest decode(Row row) {
        return new RefusedRequest(row.getOffsetDateTime("refused_at").toInstant(), row.getString("webhook_uid"),
                row.getString("provider"), row.getString("client_address"), row.getShort("status"),
                row.getString("error_code"), row.getString("reason"), row.getString("request_id"));
    }
}
