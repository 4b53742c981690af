package dev.eventgateway.console;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.provider.Signatures;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The console's sessions: stateless, signed cookies, so that a session opened on one gateway holds on every gateway
 * behind the same balancer (they share the admin token). A cookie is {@code v1.<expiresAtEpochSecond>.<nonce>.<mac>},
 * the MAC an HMAC-SHA256 under a key derived from the admin token: changing the token ends every session. The CSRF
 * token is a second MAC over the nonce, which the console reads from {@code GET /console/api/session} (a same-origin
 * read) and sends back in {@value #CSRF_HEADER}; a cross-site page can neither read it nor, with
 * {@code SameSite=Strict}, send the cookie. Thread-safe and immutable.
 */
public final class ConsoleSessions {

    public static final String COOKIE = "eg_console";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The session this request carries, once checked, as {@link Session}. */
    static final String SESSION_KEY = "consoleSession";
    private static final String VERSION = "v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] tokenDigest;
    private final byte[] key;
    private final Duration ttl;
    private final boolean secureAlways;
    private final Clock clock;

    /** One open session: when it ends and the CSRF token that goes with it. */
    public record Session(Instant expiresAt, String csrfToken) {
    }

    /**
     * @param secureAlways mark the cookie {@code Secure} even on a plain-HTTP request (a TLS-terminating balancer in
     *                     front: the public base URL is https); over TLS it always is
     */
    public ConsoleSessions(Secret adminToken, Duration ttl, boolean secureAlways, Clock clock) {
        this.tokenDigest = sha256(adminToken.reveal());
        this.key = Signatures.hmacSha256(adminToken.bytes(),
                "event-gateway console session v1".getBytes(StandardCharsets.UTF_8));
        this.ttl = ttl;
        this.secureAlways = secureAlways;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Whether the sign-in form was given the admin token (digests compared, so the length does not show). */
    public boolean isAdminToken(String presented) {
        return presented != null && MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    /** A new session's cookie value, valid for the TTL from now. */
    public String open() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String payload = VERSION + "." + clock.instant().plus(ttl).getEpochSecond() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return payload + "." + mac("session|" + payload);
    }

    /** The session of a cookie value when it is well-formed, signed by us and not expired; else empty. */
    public Optional<Session> check(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int last = cookieValue.lastIndexOf('.');
        String[] parts = cookieValue.split("\\.", -1);
        if (last < 0 || parts.length != 4 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        String payload = cookieValue.substring(0, last);
        if (!constantTimeEquals(mac("session|" + payload), cookieValue.substring(last + 1))) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Session(expiresAt, mac("csrf|" + parts[2])));
    }

    /** The request's session from its cookie, or empty. */
    public Optional<Session> of(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return check(cookie == null ? null : cookie.getValue());
    }

    /** Whether the request carries a live session and the CSRF token that belongs to it. */
    public boolean authenticatesWithCsrf(RoutingContext ctx) {
        Optional<Session> session = of(ctx);
        String presented = ctx.request().getHeader(CSRF_HEADER);
        if (session.isEmpty() || presented == null || !constantTimeEquals(session.get().csrfToken(), presented)) {
            return false;
        }
        ctx.put(SESSION_KEY, session.get());
        return true;
    }

    /** For the admin API: a console request (session cookie plus its CSRF header) stands in for the bearer token. */
    public Predicate<RoutingContext> asAdminCredential() {
        return this::authenticatesWithCsrf;
    }

    /** The cookie that carries a new session: HttpOnly, SameSite=Strict, Secure over TLS, ends with the session. */
    public Cookie cookie(RoutingContext ctx, String value) {
        return Cookie.cookie(COOKIE, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(secureAlways || ctx.request().isSSL())
                .setMaxAge(ttl.toSeconds());
    }

    /** The cookie that ends the browser's session. */
    public Cookie cleared(RoutingContext ctx) {
        return cookie(ctx, "").setMaxAge(0);
    }

    private String mac(String text) {
        return HexFormat.of().formatHex(Signatures.hmacSha256(key, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
