package dev.eventgateway.admin;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * Guards {@code /api/v2/*} with the configured bearer token (DESIGN §6). No {@code Authorization: Bearer …} → 401
 * {@code MISSING_AUTH_TOKEN}; another token → 401 {@code INVALID_AUTH_TOKEN}. With no token configured the admin API
 * is off: 403 {@code ADMIN_API_DISABLED} for everyone, so an operator sees at once why nothing works.
 * <p>
 * Both sides are hashed before the constant-time compare, so neither the content nor the length of the configured
 * token shows in the timing.
 * <p>
 * A request without an {@code Authorization} header may instead be let through by {@code alternative}: the console's
 * session (its cookie together with its CSRF header), so that the console calls these same handlers.
 */
final class BearerTokenHandler implements Handler<RoutingContext> {

    private static final String PREFIX = "bearer ";
    private final byte[] expectedDigest;
    private final Predicate<RoutingContext> alternative;

    BearerTokenHandler(Secret token) {
        this(token, ctx -> false);
    }

    BearerTokenHandler(Secret token, Predicate<RoutingContext> alternative) {
        this.expectedDigest = token == null ? null : sha256(token.reveal());
        this.alternative = alternative;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (expectedDigest == null) {
            ctx.fail(new ApiException(403, "ADMIN_API_DISABLED",
                    "The admin API is disabled: set GATEWAY_ADMIN_TOKEN to enable it", null, null));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : "";
        if (header == null && alternative.test(ctx)) {
            ctx.next();
            return;
        }
        if (presented.isEmpty()) {
            ctx.fail(ApiException.unauthorized("MISSING_AUTH_TOKEN", "Missing authorization token"));
            return;
        }
        if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            ctx.fail(ApiException.unauthorized("INVALID_AUTH_TOKEN", "Invalid authorization token"));
            return;
        }
        ctx.next();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
