package dev.eventgateway.console;

import dev.eventgateway.http.Envelopes;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /console/api/traffic?page&limit} (the live rates of every gateway, {@link TrafficView}) and
 * {@code GET /console/api/refused?webhookUid&page&limit} (the refusals of every gateway, newest first).
 */
record TrafficHandlers(TrafficView view, RefusedRequestTable refusals) {

    void traffic(RoutingContext ctx) {
        view.view(Paging.of(ctx))
                .onSuccess(traffic -> Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Traffic", traffic)))
                .onFailure(ctx::fail);
    }

    void refused(RoutingContext ctx) {
        Paging paging = Paging.of(ctx);
        String uid = ctx.request().getParam("webhookUid");
        refusals.list(uid == null || uid.isBlank() ? null : uid.trim(), paging.request()).onSuccess(page -> {
            JsonArray items = new JsonArray();
            page.items().forEach(r -> items.add(new JsonObject()
                    .put("refusedAt", r.refusedAt().toString())
                    .put("webhookUid", r.webhookUid())
                    .put("provider", r.provider())
                    .put("clientAddress", r.clientAddress())
                    .put("status", r.status())
                    .put("errorCode", r.errorCode())
                    .put("reason", r.reason())
                    .put("requestId", r.requestId())));
            Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Refused requests", items)
                    .put("pagination", paging.json(page.total())));
        }).onFailure(ctx::fail);
    }
}
