package dev.eventgateway.http;

import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;

/**
 * The client address of a request as the ingress resolved it (the socket peer, or behind a trusted proxy the
 * address it forwarded), kept in the {@link RoutingContext} for whoever reports on the request afterwards: the logs,
 * the raw record, the console's refusal list.
 */
public final class ClientAddress {

    /** Context key of the resolved address, an {@link InetAddress}; absent when not resolved, null when unknown. */
    public static final String KEY = "clientAddress";

    private ClientAddress() {
    }

    public static void set(RoutingContext ctx, InetAddress address) {
        ctx.put(KEY, address);
    }

    /** The resolved address as a literal, or null when the request has none (unresolved, or no IP peer). */
    public static String of(RoutingContext ctx) {
        InetAddress address = ctx.get(KEY);
        return address == null ? null : address.getHostAddress();
    }
}
