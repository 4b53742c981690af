package dev.eventgateway.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Requests whose request line names an HTTP version other than 1.0 or 1.1 ({@code HTTP/1.2}, {@code HTTP/2.0},
 * {@code HTTP/0.9}) get 505 with the envelope, not Vert.x's bare 501, which would claim a server fault for a
 * client's error.
 * <p>
 * Vert.x answers such a request itself, before any handler of ours, unless WebSockets are disabled for the JVM
 * ({@code vertx.disableWebsockets}, read once when the first HTTP server class loads): then every request reaches
 * the router, and {@link #check} refuses the unknown versions there. The gateway serves no WebSocket.
 */
public final class HttpVersions {

    private static final String DISABLE_WEBSOCKETS = "vertx.disableWebsockets";

    private HttpVersions() {
    }

    /** Call before the JVM's first HTTP server is created (the gateway does so as it starts). */
    public static void routeEveryVersion() {
        System.setProperty(DISABLE_WEBSOCKETS, "true");
    }

    /** The router's first check: a version Vert.x could not name is refused with 505. */
    public static void check(RoutingContext ctx) {
        if (ctx.request().version() == null) {
            ctx.fail(unsupported());
            return;
        }
        ctx.next();
    }

    static ApiException unsupported() {
        return new ApiException(505, "HTTP_VERSION_NOT_SUPPORTED", "only HTTP/1.0 and HTTP/1.1 are served here",
                null, null);
    }
}
