package dev.eventgateway.http;

import dev.eventgateway.config.TrustedProxies;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client address of a request (DESIGN §2, {@code allowedIps}; the console's sign-in limit): the socket peer, unless the peer is one of
 * {@code http.trustedProxies}. Then the forwarding header is read right to left, skipping trusted proxies, and the
 * first address that is not one is the client: the nearest hop a trusted proxy vouches for, so a client cannot forge
 * its address by sending the header itself. {@code Forwarded} (RFC 7239) wins over {@code X-Forwarded-For} when both
 * are present. An entry that is no IP literal ({@code unknown}, an obfuscated name, garbage) ends the walk at the
 * last trusted hop. Never resolves a name through DNS.
 */
public final class ClientAddresses {

    private final TrustedProxies trusted;

    public ClientAddresses(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** The client address of a request, from its socket peer and forwarding headers; null when unknown. */
    public InetAddress resolve(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String literal = peer == null ? null : peer.hostAddress();
        InetAddress address = literal(literal);
        // the forwarding headers count only when a trusted proxy sent the request: otherwise they are not even read
        if (address == null || !trusts(address)) {
            return address;
        }
        return resolve(literal, request.headers().getAll("Forwarded"), request.headers().getAll("X-Forwarded-For"));
    }

    /**
     * @param peer           the socket peer's address literal
     * @param forwarded      every {@code Forwarded} header value, in order; may be empty
     * @param xForwardedFor  every {@code X-Forwarded-For} header value, in order; may be empty
     * @return the client address, or null when the peer is no IP literal (e.g. a Unix socket)
     */
    public InetAddress resolve(String peer, List<String> forwarded, List<String> xForwardedFor) {
        InetAddress current = literal(peer);
        if (current == null || trusted.isEmpty() || !trusted.contains(current)) {
            return current;
        }
        List<String> hops = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return current;
            }
            current = hop;
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return current;
    }

    /** Whether the peer is a trusted proxy, whose forwarding headers {@link #resolve} reads. */
    boolean trusts(InetAddress peer) {
        return !trusted.isEmpty() && trusted.contains(peer);
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                out.add(item.trim());
            }
        }
        return out;
    }

    /** The {@code for=} parameter of each element; an element without one counts as an unknown hop. */
    private static List<String> forwardedFor(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String element : split(values)) {
            String node = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    node = pair.substring(eq + 1).trim();
                }
            }
            out.add(node);
        }
        return out;
    }

    /**
     * An IPv4 or IPv6 literal, with or without port and brackets ({@code 192.0.2.1:4711},
     * {@code "[2001:db8::1]:4711"}), or null.
     */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        return s.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(s);
    }
}
