package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.RequestIds;
import dev.eventgateway.observability.LogFields;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Step 5: every configured credential checked on the raw bytes, in constant time. Any failure → 401, no detail. */
final class SignatureVerificationHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerificationHandler.class);

    private final Providers providers;
    private final Clock clock;

    SignatureVerificationHandler(Providers providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        ProviderAdapter adapter = providers.get(webhook.provider());
        Buffer raw = ctx.body().buffer();
        byte[] body = raw == null ? new byte[0] : raw.getBytes();
        AdmissionHandler.settle(ctx, body.length);
        if (!adapter.verify(webhook, ctx.request().headers(), body, clock.instant())) {
            LogFields.request(LOG.atInfo(), ctx).log("request not verified [requestId: {}, webhook: {}, remote: {}]",
                    RequestIds.of(ctx), webhook.uid(), ctx.request().remoteAddress());
            ctx.fail(ApiException.unauthorized("UNAUTHORIZED", "request could not be verified"));
            return;
        }
        ctx.put(IngressContext.BODY, body);
        ctx.next();
    }
}
