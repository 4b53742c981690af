package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Step 5b, after verification: the webhook's {@code rateLimit} (429 with Retry-After). Only verified requests spend
 * it, so an unsigned flood to a webhook's URL never makes its provider's signed requests get 429.
 */
final class WebhookRateLimitHandler implements Handler<RoutingContext> {

    private final RateLimiters rateLimiters;

    WebhookRateLimitHandler(RateLimiters rateLimiters) {
        this.rateLimiters = rateLimiters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        int retryAfter = rateLimiters.tryAcquire(IngressContext.webhook(ctx));
        if (retryAfter > 0) {
            ctx.fail(ApiException.rateLimited(retryAfter));
            return;
        }
        ctx.next();
    }
}
