package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.observability.RefusalCategory;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.net.InetAddress;

/**
 * Step 3, before any body byte is read: the webhook's client certificate, when it needs one (401, as any failed
 * verification; {@link ClientCertificates}), then on the client address ({@link ClientAddressHandler}) the webhook's IP
 * allow-list (403), then the address's unverified-traffic budget (429). The webhook's own rate limit is checked only
 * after verification ({@link WebhookRateLimitHandler}), so that unsigned floods cannot spend it.
 */
final class AccessGuardHandler implements SecurityPolicyHandler {

    private final RateLimiters rateLimiters;
    private final RateLimit unverifiedLimit;
    private final RefusalReporter refusals;

    AccessGuardHandler(RateLimiters rateLimiters, RateLimit unverifiedLimit, RefusalReporter refusals) {
        this.rateLimiters = rateLimiters;
        this.unverifiedLimit = unverifiedLimit;
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        if (webhook.clientCertificate() != null
                && !ClientCertificates.acceptable(ctx.request(), webhook.clientCertificate())) {
            refusals.report(ctx, webhook, RefusalCategory.CLIENT_CERTIFICATE);
            ctx.fail(ApiException.unauthorized("UNAUTHORIZED", "request could not be verified"));
            return;
        }
        InetAddress client = ctx.get(IngressContext.CLIENT_ADDRESS);
        if (!webhook.allowedIps().isEmpty() && !allowed(webhook, client)) {
            refusals.report(ctx, webhook, RefusalCategory.IP_NOT_ALLOWED);
            ctx.fail(ApiException.forbidden("address not allowed for this webhook"));
            return;
        }
        int retryAfter = rateLimiters.unverifiedWait(client, unverifiedLimit);
        if (retryAfter > 0) {
            ctx.fail(ApiException.rateLimited(retryAfter));
            return;
        }
        ctx.next();
    }

    private static boolean allowed(Webhook webhook, InetAddress client) {
        if (client == null) {
            return false;
        }
        for (Cidr cidr : webhook.allowedIps()) {
            if (cidr.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
