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
 * Step 1: the webhook by uid, from memory only. Unknown or inactive → 404. Also counts the request's outcome per
 * webhook once the answer is written.
 */
final class WebhookLookupHandler implements PlatformHandler {

    private final WebhookRegistry registry;
    private final GatewayMetrics metrics;
    private final RefusalReporter refusals;

    WebhookLookupHandler(WebhookRegistry registry, GatewayMetrics metrics, RefusalReporter refusals) {
        this.registry = registry;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook found = registry.find(ctx.pathParam("webhookUid")).orElse(null);
        if (found != null && !found.isActive()) {
            refusals.report(ctx, found, RefusalCategory.WEBHOOK_INACTIVE);
        }
        Webhook webhook = found != null && found.isActive() ? found : null;
        if (webhook == null) {
            ctx.fail(ApiException.notFound("no such webhook"));
            return;
        }
        ctx.put(IngressContext.WEBHOOK, webhook);
        ctx.addEndHandler(done -> {
            String code = ctx.get(ErrorEnvelopeHandler.ERROR_CODE_KEY);
            metrics.ingressRequest(webhook.uid(), webhook.provider(),
                    code == null ? "accepted" : code.toLowerCase(Locale.ROOT));
        });
        ctx.next();
    }
}
