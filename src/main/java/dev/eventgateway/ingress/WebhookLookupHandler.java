package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.RefusalCategory;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * Step 1 of both webhook routes: the webhook by uid, from memory only, put in the context as
 * {@link IngressContext#WEBHOOK}. Unknown or inactive → 404. On the POST route it also reports a request to an
 * inactive webhook as refused and counts the request's outcome per webhook once the answer is written.
 */
final class WebhookLookupHandler implements PlatformHandler {

    private final WebhookRegistry registry;
    private final GatewayMetrics metrics;
    private final RefusalReporter refusals;

    private WebhookLookupHandler(WebhookRegistry registry, GatewayMetrics metrics, RefusalReporter refusals) {
        this.registry = registry;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    /** For deliveries (POST): refusals reported, outcomes counted. */
    static WebhookLookupHandler forDeliveries(WebhookRegistry registry, GatewayMetrics metrics,
                                              RefusalReporter refusals) {
        return new WebhookLookupHandler(registry, metrics, refusals);
    }

    /** For Meta's subscription handshake (GET): the lookup and its 404 alone. */
    static WebhookLookupHandler forHandshakes(WebhookRegistry registry) {
        return new WebhookLookupHandler(registry, null, null);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook found = registry.find(ctx.pathParam("webhookUid")).orElse(null);
        if (found != null && !found.isActive() && refusals != null) {
            refusals.report(ctx, found, RefusalCategory.WEBHOOK_INACTIVE);
        }
        Webhook webhook = found != null && found.isActive() ? found : null;
        if (webhook == null) {
            ctx.fail(ApiException.notFound("no such webhook"));
            return;
        }
        ctx.put(IngressContext.WEBHOOK, webhook);
        if (metrics == null) {
            ctx.next();
            return;
        }
        ctx.addEndHandler(done -> {
            String code = ctx.get(ErrorEnvelopeHandler.ERROR_CODE_KEY);
            metrics.ingressRequest(webhook.uid(), webhook.provider(), code != null ? code.toLowerCase(Locale.ROOT)
                    : SpoolFallback.spooled(ctx) ? SpoolFallback.SPOOLED : "accepted");
        });
        ctx.next();
    }
}
