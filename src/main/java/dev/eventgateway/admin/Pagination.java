package dev.eventgateway.admin;

import dev.eventgateway.http.Envelopes;
import dev.eventgateway.storage.query.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer of every list: the Whats91 success envelope with the items as {@code data} (an array, as the seed's
 * list response has it) and a sibling {@code pagination} object:
 * {@code {"page":1,"limit":20,"total":57,"totalPages":3,"hasMore":true}}.
 */
final class Pagination {

    private Pagination() {
    }

    static JsonObject envelope(RoutingContext ctx, String message, Page<?> page) {
        return Envelopes.success(ctx, message, new JsonArray(page.items())).put("pagination", json(page));
    }

    static JsonObject json(Page<?> page) {
        return new JsonObject()
                .put("page", page.request().page())
                .put("limit", page.request().limit())
                .put("total", page.total())
                .put("totalPages", page.totalPages())
                .put("hasMore", page.hasMore());
    }
}
