package dev.eventgateway.console;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.storage.query.PageRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code page} (from 1) and {@code limit} (1–100, default 20) of a console list, as the admin API's lists take them. */
record Paging(int page, int limit) {

    static Paging of(RoutingContext ctx) {
        return new Paging(number(ctx, "page", 1, PageRequest.MAX_PAGE),
                number(ctx, "limit", PageRequest.DEFAULT_LIMIT, PageRequest.MAX_LIMIT));
    }

    PageRequest request() {
        return new PageRequest(page, limit);
    }

    JsonObject json(long total) {
        long pages = (total + limit - 1) / limit;
        return new JsonObject().put("page", page).put("limit", limit).put("total", total).put("totalPages", pages)
                .put("hasMore", page < pages);
    }

    private static int number(RoutingContext ctx, String name, int fallback, int max) {
        String value = ctx.request().getParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.validation(name + " must be a whole number from 1 to " + max, null);
    }
}
