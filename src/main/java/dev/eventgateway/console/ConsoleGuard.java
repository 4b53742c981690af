package dev.eventgateway.console;

import dev.eventgateway.http.ApiException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;

/**
 * The console API's checks, in order: a state-changing call must come from the console's own origin (a cross-site
 * page's {@code Origin} or {@code Sec-Fetch-Site} gives it away), then the request must carry a live session and,
 * for every call, the CSRF token of that session. Refusals go to the router's one error writer: 403
 * {@code CROSS_SITE_REQUEST}, 401 {@code SESSION_REQUIRED}, 403 {@code CSRF_TOKEN_INVALID}.
 */
final class ConsoleGuard {

    private final ConsoleSessions sessions;

    ConsoleGuard(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    /** Cross-site state-changing calls are refused before anything else, the sign-in included. */
    static void sameOrigin(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.GET && isCrossSite(ctx)) {
            ctx.fail(new ApiException(403, "CROSS_SITE_REQUEST", "Cross-site requests are refused", null, null));
            return;
        }
        ctx.next();
    }

    static boolean isCrossSite(RoutingContext ctx) {
        String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
            return uri.getRawAuthority() == null || !uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** A live session and its CSRF token. */
    void session(RoutingContext ctx) {
        if (sessions.of(ctx).isEmpty()) {
            ctx.fail(ApiException.unauthorized("SESSION_REQUIRED", "Sign in to the console"));
            return;
        }
        if (!sessions.authenticatesWithCsrf(ctx)) {
            ctx.fail(new ApiException(403, "CSRF_TOKEN_INVALID", "Missing or wrong CSRF token", null, null));
            return;
        }
        ctx.next();
    }
}
