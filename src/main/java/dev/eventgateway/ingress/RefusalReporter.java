package dev.eventgateway.ingress;

import dev.eventgateway.http.RefusalReason;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.LogFields;
import dev.eventgateway.observability.RefusalCategory;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.webhook.Webhook;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ingress tells the operator why it refused a request for who sent it: a counter by reason, an INFO line
 * with the reason category and the client address (never a secret, a signature or the body), and the category left
 * on the context ({@link RefusalReason}), from which the console's refusal list takes it when the answer ends.
 */
final class RefusalReporter {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalReporter.class);

    private final GatewayMetrics metrics;

    RefusalReporter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    void report(RoutingContext ctx, Webhook webhook, RefusalCategory reason) {
        String client = IngressContext.clientAddress(ctx);
        String requestId = RequestIds.of(ctx);
        metrics.ingressRefused(webhook.uid(), webhook.provider(), reason.metricLabel());
        LogFields.request(LOG.atInfo(), ctx).log("request refused [requestId: {}, webhook: {}, provider: {}, client: {}, "
                + "reason: {}]", requestId, webhook.uid(), webhook.provider(), client, reason.label());
        // the console's list of recent refusals shows this category instead of the one it infers from the status
        RefusalReason.set(ctx, reason.label());
    }
}
