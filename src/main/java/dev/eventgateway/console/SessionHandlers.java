package dev.eventgateway.console;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.ClientAddresses;
import dev.eventgateway.http.Envelopes;
import dev.eventgateway.observability.RequestIds;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Optional;

/** Sign-in (failures limited per client address), the session's details (with its CSRF token) and sign-out. */
record SessionHandlers(ConsoleSessions sessions, ClientAddresses addresses, SignInLimiter limiter) {

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandlers.class);

    /**
     * {@code POST /console/api/session {"token":…}}: the admin token in exchange for a session cookie; 429
     * {@code RATE_LIMITED} with {@code Retry-After} while the client address has spent its failed attempts.
     */
    void signIn(RoutingContext ctx) {
        InetAddress client = addresses.resolve(ctx.request());
        int wait = limiter.waitSeconds(client);
        if (wait > 0) {
            LOG.info("console sign-in refused: too many failed attempts [requestId: {}, client: {}, retryAfter: {}]",
                    RequestIds.of(ctx), literal(client), wait);
            ctx.fail(ApiException.rateLimited(wait));
            return;
        }
        String token;
        try {
            JsonObject body = ctx.body().asJsonObject();
            token = body == null ? null : body.getString("token");
        } catch (DecodeException | ClassCastException e) {
            ctx.fail(ApiException.invalidPayload("the body must be a JSON object with the token"));
            return;
        }
        if (token == null || token.isBlank()) {
            ctx.fail(ApiException.unauthorized("MISSING_AUTH_TOKEN", "Missing authorization token"));
            return;
        }
        if (!sessions.isAdminToken(token.trim())) {
            limiter.failed(client);
            LOG.info("console sign-in refused [requestId: {}, client: {}]", RequestIds.of(ctx), literal(client));
            ctx.fail(ApiException.unauthorized("INVALID_AUTH_TOKEN", "Invalid authorization token"));
            return;
        }
        String value = sessions.open();
        ConsoleSessions.Session session = sessions.check(value).orElseThrow();
        ctx.response().addCookie(sessions.cookie(ctx, value));
        LOG.info("console signed in [requestId: {}, client: {}, expiresAt: {}]", RequestIds.of(ctx),
                literal(client), session.expiresAt());
        Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Signed in", json(session)));
    }

    /** {@code GET /console/api/session}: the session's end and CSRF token (a same-origin read), or 401. */
    void current(RoutingContext ctx) {
        Optional<ConsoleSessions.Session> session = sessions.of(ctx);
        if (session.isEmpty()) {
            ctx.fail(ApiException.unauthorized("SESSION_REQUIRED", "Sign in to the console"));
            return;
        }
        Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Session", json(session.get())));
    }

    /** {@code POST /console/api/sign-out}: the browser forgets the cookie. */
    void signOut(RoutingContext ctx) {
        ctx.response().addCookie(sessions.cleared(ctx));
        Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Signed out", null));
    }

    private static String literal(InetAddress client) {
        return client == null ? null : client.getHostAddress();
    }

    private static JsonObject json(ConsoleSessions.Session session) {
        return new JsonObject().put("expiresAt", session.expiresAt().toString())
                .put("csrfToken", session.csrfToken());
    }
}
