package dev.eventgateway.ingress;

import dev.eventgateway.config.TrustedProxies;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.net.InetAddress;

/**
 * Step 0: the client address that the allow-list, the unverified-traffic limit, the logs and the raw record use,
 * from the socket peer and, behind a trusted proxy, its forwarding headers ({@link ClientAddresses}).
 */
final class ClientAddressHandler implements PlatformHandler {

    private final ClientAddresses addresses;

    ClientAddressHandler(TrustedProxies trustedProxies) {
        this.addresses = new ClientAddresses(trustedProxies);
    }

    @Override
    public void handle(RoutingContext ctx) {
        SocketAddress peer = ctx.request().remoteAddress();
        String literal = peer == null ? null : peer.hostAddress();
        InetAddress address = ClientAddresses.literal(literal);
        // the forwarding headers count only when a trusted proxy sent the request: otherwise they are not even read
        if (address != null && addresses.trusts(address)) {
            var headers = ctx.request().headers();
            address = addresses.resolve(literal, headers.getAll("Forwarded"), headers.getAll("X-Forwarded-For"));
        }
        ctx.put(IngressContext.CLIENT_ADDRESS, address);
        ctx.next();
    }
}
