package dev.eventgateway.admin;

import dev.eventgateway.event.EventTypes;
import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.webhook.Webhook;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * Reads and checks the query string of an admin GET. Problems are collected and thrown together by {@link #check()}
 * (400 VALIDATION_FAILED), like a body's.
 */
final class QueryParams {

    private final RoutingContext ctx;
    private final Problems problems = new Problems();

    QueryParams(RoutingContext ctx) {
        this.ctx = ctx;
    }

    /** The parameter's value; absent or blank → null. */
    String text(String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            problems.add(name + " may be given once");
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }

    Webhook.Status status() {
        String value = text("status");
        if (value == null) {
            return null;
        }
        try {
            return Webhook.Status.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("status must be ACTIVE or INACTIVE");
            return null;
        }
    }

    /** A provider name, lower case (DESIGN §2); an unknown one matches no webhook. */
    String provider() {
        String value = text("provider");
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** A canonical event type (DESIGN §4). */
    String event() {
        String value = text("event");
        if (value != null && !EventTypes.isKnown(value)) {
            problems.add("Unsupported webhook event: " + value);
            return null;
        }
        return value;
    }

    /** {@code page} (default 1, at most {@value PageRequest#MAX_PAGE}) and {@code limit} (default 20, 1–100). */
    PageRequest page() {
        int page = bounded("page", 1, 1, PageRequest.MAX_PAGE);
        int limit = bounded("limit", PageRequest.DEFAULT_LIMIT, 1, PageRequest.MAX_LIMIT);
        return problems.isEmpty() ? new PageRequest(page, limit) : null;
    }

    /** @throws dev.eventgateway.http.ApiException when any parameter was wrong */
    void check() {
        problems.throwIfAny();
    }

    private int bounded(String name, int fallback, int min, int max) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from " + min + " to " + max);
        return fallback;
    }
}
