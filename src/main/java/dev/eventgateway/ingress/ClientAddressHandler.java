package dev.eventgateway.ingress;

import dev.eventgateway.config.TrustedProxies;
import dev.eventgateway.http.ClientAddress;
import dev.eventgateway.http.ClientAddresses;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Step 0: the client address that the allow-list, the unverified-traffic limit, the logs, the raw record and the
 * console's refusal list use, from the socket peer and, behind a trusted proxy, its forwarding headers
 * ({@link ClientAddresses}).
 */
final class ClientAddressHandler implements PlatformHandler {

    private final ClientAddresses addresses;

    ClientAddressHandler(TrustedProxies trustedProxies) {
        this.addresses = new ClientAddresses(trustedProxies);
    }

    @Override
    public void handle(RoutingContext ctx) {
        ClientAddress.set(ctx, addresses.resolve(ctx.request()));
        ctx.next();
    }
}
