package dev.eventgateway.observability;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, a new UUID otherwise.
 * The id is echoed on every response and carried in every log line about the request.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Gives the request its id and echoes it on the response; the caller passes the request on. */
    public static void assign(RoutingContext ctx) {
        String given = ctx.request().getHeader(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : newId();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs uniqueness, not secrecy, and
     * {@link UUID#randomUUID()} would draw on the shared {@code SecureRandom} for every request.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
        return new UUID(high, low).toString();
    }

    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id != null ? id : "-";
    }

    /**
     * The request's id, assigned now when no route gave it one: a request the router refuses before any route ran
     * (no {@code Host} header, say) still gets a real id in its answer and its log line.
     */
    public static String ensure(RoutingContext ctx) {
        String id = ctx.get(KEY);
        if (id == null) {
            id = newId();
            ctx.put(KEY, id);
        }
        return id;
    }
}
