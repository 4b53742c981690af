package dev.eventgateway.console;

import dev.eventgateway.http.ClientAddress;
import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.http.RefusalReason;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.storage.refusals.RefusedRequest;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the recent refused ingress requests in the shared {@code refused_requests} table, for the console of every
 * gateway: the one route by which a refusal reaches the console. Each ingress answer of 400 or more is noted when it
 * ends (time, webhook uid, provider, the client address as resolved through the trusted proxies
 * ({@link ClientAddress}), status, code and the reason category the ingress named ({@link RefusalReason}) or the
 * code's; never a header or body) in a bounded in-memory queue, written in one batch per
 * second and pruned by age and size. An unsigned flood costs one insert per second, not one per request; past the
 * queue's bound refusals are counted as dropped, not kept. Thread-safe: every HTTP verticle notes into the one queue.
 */
public final class RefusalRecorder implements RouteMounter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalRecorder.class);
    static final int MAX_PENDING = 1000;
    static final int MAX_BATCH = 500;
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_UID_LENGTH = 64;
    /** The category of each ingress error code, when no handler named a finer one ({@link RefusalReason}). */
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("UNAUTHORIZED", "unauthorized"),
            Map.entry("FORBIDDEN", "ip not allowed"),
            Map.entry("NOT_FOUND", "not found"),
            Map.entry("RATE_LIMITED", "rate limited"),
            Map.entry("PAYLOAD_TOO_LARGE", "too large"),
            Map.entry("UNSUPPORTED_MEDIA_TYPE", "not json"),
            Map.entry("INVALID_PAYLOAD", "invalid payload"),
            Map.entry("OVERLOADED", "overloaded"),
            Map.entry("UNAVAILABLE", "unavailable"),
            Map.entry("METHOD_NOT_ALLOWED", "method not allowed"));

    private final WebhookRegistry registry;
    private final RefusedRequestTable table;
    private final Clock clock;
    private final Duration maxAge;
    private final long maxRows;
    private final Queue<RefusedRequest> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private Vertx vertx;
    private long flushTimer = -1;
    private long pruneTimer = -1;
    private boolean flushing;

    public RefusalRecorder(WebhookRegistry registry, RefusedRequestTable table, Clock clock, Duration maxAge,
                           long maxRows) {
        this.registry = registry;
        this.table = table;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxRows = maxRows;
    }

    /** Starts the periodic flush and prune on this Vert.x instance. */
    public RefusalRecorder start(Vertx on) {
        this.vertx = on;
        flushTimer = on.setPeriodic(FLUSH_INTERVAL.toMillis(), id -> flush());
        pruneTimer = on.setPeriodic(1000, PRUNE_INTERVAL.toMillis(), id -> table.prune(maxAge, maxRows)
                .onFailure(e -> LOG.warn("refused requests not pruned [cause: {}]", e.toString())));
        return this;
    }

    /**
     * Ahead of the ingress route: notes the answer once it is written. Its own route, ordered first, so the ingress
     * pipeline itself is unchanged.
     */
    @Override
    public void mount(Router router, Vertx on) {
        router.post("/webhooks/:webhookUid").order(-1).handler(ctx -> {
            ctx.addEndHandler(done -> note(ctx));
            ctx.next();
        });
    }

    void note(RoutingContext ctx) {
        int status = ctx.response().getStatusCode();
        if (status < 400) {
            return;
        }
        String code = ctx.get(ErrorEnvelopeHandler.ERROR_CODE_KEY);
        String uid = String.valueOf(ctx.pathParam("webhookUid"));
        uid = uid.length() > MAX_UID_LENGTH ? uid.substring(0, MAX_UID_LENGTH) : uid;
        // the uid is the caller's text: PostgreSQL refuses a NUL in text, so a hostile path would lose the whole batch
        uid = CONTROL.matcher(uid).replaceAll("?");
        String provider = registry.find(uid).map(Webhook::provider).orElse(null);
        // as the ingress resolved it through the trusted proxies, not the socket peer (a balancer's address)
        add(new RefusedRequest(clock.instant(), uid, provider, ClientAddress.of(ctx), status,
                code == null ? "HTTP_" + status : code, category(ctx.get(RefusalReason.KEY), code, status),
                RequestIds.of(ctx)));
    }

    /** A finer reason when a handler gave one, else the error code's category. */
    static String category(String finer, String code, int status) {
        if (finer != null && !finer.isBlank()) {
            return finer;
        }
        String known = code == null ? null : CATEGORIES.get(code);
        return known != null ? known : code != null ? code.toLowerCase(Locale.ROOT).replace('_', ' ') : "http " + status;
    }

    void add(RefusedRequest refusal) {
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.add(refusal);
    }

    /** Refusals not kept because the queue was full (a flood faster than the table takes them). */
    public long dropped() {
        return dropped.get();
    }

    /** Writes up to one batch; one write at a time (the timer's context is one thread). */
    void flush() {
        if (flushing || pending.isEmpty()) {
            return;
        }
        List<RefusedRequest> batch = new ArrayList<>();
        RefusedRequest next;
        while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
            size.decrementAndGet();
            batch.add(next);
        }
        flushing = true;
        table.append(batch)
                .onFailure(e -> LOG.warn("refused requests not kept [count: {}, cause: {}]", batch.size(),
                        e.toString()))
                .onComplete(done -> flushing = false);
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.cancelTimer(flushTimer);
            vertx.cancelTimer(pruneTimer);
        }
    }
}
