package dev.eventgateway.admin;

import dev.eventgateway.http.Envelopes;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.storage.webhooks.WebhookStore;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The webhook routes of DESIGN §6. Each handler reads the request, calls the store (non-blocking) and answers with
 * the success envelope, or fails the context; the router's one error writer does the rest. Nothing here touches the
 * in-memory registry: the store hands what it committed to this process's registry, and the table's NOTIFY brings
 * every change to every process.
 */
final class WebhookHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandlers.class);

    private final WebhookStore store;
    private final WebhookRequests requests;
    private final WebhookView view;
    private final Duration secretOverlap;
    private final Clock clock;

    WebhookHandlers(WebhookStore store, WebhookRequests requests, WebhookView view, Duration secretOverlap,
                    Clock clock) {
        this.store = store;
        this.requests = requests;
        this.view = view;
        this.secretOverlap = secretOverlap;
        this.clock = clock;
    }

    /** {@code GET /api/v2/webhooks?senderId&status&event&provider&page&limit} */
    void list(RoutingContext ctx) {
        QueryParams params = new QueryParams(ctx);
        WebhookStore.Filter filter = new WebhookStore.Filter(params.text("senderId"), params.status(), params.event(),
                params.provider());
        PageRequest page = params.page();
        params.check();
        answer(ctx, store.list(filter, page).map(result -> Pagination.envelope(ctx, "Webhooks retrieved",
                result.map(webhook -> view.of(webhook, clock.instant())))));
    }

    /** {@code GET /api/v2/webhooks/{webhookUid}?senderId} */
    void get(RoutingContext ctx) {
        String uid = ctx.pathParam("webhookUid");
        QueryParams params = new QueryParams(ctx);
        String scope = params.text("senderId");
        params.check();
        answer(ctx, store.find(uid).map(found -> {
            Webhook webhook = found.orElseThrow(() -> WebhookRequests.notFound(uid));
            WebhookRequests.checkScope(webhook, scope);
            return Envelopes.success(ctx, "Webhook retrieved", view.of(webhook, clock.instant()));
        }));
    }

    /** {@code POST /api/v2/webhooks}: the answer holds the signing secret, this once. */
    void create(RoutingContext ctx) {
        Webhook webhook = requests.create(RequestBodies.object(ctx, false));
        answer(ctx, store.insert(webhook).map(created -> {
            LOG.info("webhook created [requestId: {}, webhookUid: {}, provider: {}, senderId: {}]",
                    RequestIds.of(ctx), created.uid(), created.provider(), created.senderId());
            ctx.response().setStatusCode(201);
            return Envelopes.success(ctx, "Webhook created", view.withSigningSecret(created, clock.instant()));
        }));
    }

    /** {@code POST /api/v2/webhooks/{webhookUid}}: never rotates the signing secret. */
    void update(RoutingContext ctx) {
        String uid = ctx.pathParam("webhookUid");
        UnaryOperator<Webhook> change = requests.update(RequestBodies.object(ctx, false));
        answer(ctx, store.update(uid, change).map(updated -> {
            Webhook webhook = found(updated, uid);
            LOG.info("webhook updated [requestId: {}, webhookUid: {}, status: {}]", RequestIds.of(ctx), uid,
                    webhook.status());
            return Envelopes.success(ctx, "Webhook updated", view.of(webhook, clock.instant()));
        }));
    }

    /** {@code POST /api/v2/webhooks/{webhookUid}/rotate-secret}: the new secret is in the answer, this once. */
    void rotateSecret(RoutingContext ctx) {
        String uid = ctx.pathParam("webhookUid");
        QueryParams params = new QueryParams(ctx);
        String scope = params.text("senderId");
        params.check();
        JsonObject body = RequestBodies.object(ctx, true);
        UnaryOperator<Webhook> change = requests.rotate(body, scope, clock.instant(), secretOverlap);
        answer(ctx, store.update(uid, change).map(updated -> {
            Webhook webhook = found(updated, uid);
            LOG.info("webhook signing secret rotated [requestId: {}, webhookUid: {}, previousValidUntil: {}]",
                    RequestIds.of(ctx), uid, webhook.previousSecretExpiresAt());
            return Envelopes.success(ctx, "Webhook signing secret rotated",
                    view.withSigningSecret(webhook, clock.instant()));
        }));
    }

    /**
     * {@code DELETE /api/v2/webhooks/{webhookUid}?senderId}: a soft delete. The row stays for the audit; every
     * gateway drops the uid from ingress (404) once the change reaches it. Declared webhooks are refused (409).
     */
    void delete(RoutingContext ctx) {
        String uid = ctx.pathParam("webhookUid");
        QueryParams params = new QueryParams(ctx);
        String scope = params.text("senderId");
        params.check();
        answer(ctx, store.delete(uid, WebhookRequests.delete(scope)).map(deleted -> {
            Instant at = deleted.orElseThrow(() -> WebhookRequests.notFound(uid));
            LOG.info("webhook deleted [requestId: {}, webhookUid: {}]", RequestIds.of(ctx), uid);
            return Envelopes.success(ctx, "Webhook deleted",
                    new JsonObject().put("webhookUid", uid).put("deletedAt", at.toString()));
        }));
    }

    private static Webhook found(Optional<Webhook> webhook, String uid) {
        return webhook.orElseThrow(() -> WebhookRequests.notFound(uid));
    }

    /** Writes the envelope with the status already set (200 unless changed), or fails the context. */
    static void answer(RoutingContext ctx, Future<JsonObject> body) {
        body.onSuccess(json -> Envelopes.reply(ctx, ctx.response().getStatusCode(), json)).onFailure(ctx::fail);
    }
}
