package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.Webhook;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Step 3, before any body byte is read: the webhook's IP allow-list (403) and its rate limit (429). */
final class AccessGuardHandler implements SecurityPolicyHandler {

    private final RateLimiters rateLimiters;

    AccessGuardHandler(RateLimiters rateLimiters) {
        this.rateLimiters = rateLimiters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        if (!webhook.allowedIps().isEmpty() && !allowed(webhook, ctx.request().remoteAddress())) {
            ctx.fail(ApiException.forbidden("address not allowed for this webhook"));
            return;
        }
        int retryAfter = rateLimiters.tryAcquire(webhook);
        if (retryAfter > 0) {
            ctx.fail(ApiException.rateLimited(retryAfter));
            return;
        }
        ctx.next();
    }

    private static boolean allowed(Webhook webhook, SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        InetAddress address;
        try {
            // a literal from the socket: no DNS lookup happens here
            address = InetAddress.getByName(remote.hostAddress());
        } catch (UnknownHostException e) {
            return false;
        }
        for (Cidr cidr : webhook.allowedIps()) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
