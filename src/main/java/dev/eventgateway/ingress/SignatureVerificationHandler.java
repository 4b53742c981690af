package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * Step 5: every configured credential checked on the raw bytes, in constant time. Any failure → 401, no detail to
 * the caller; the operator gets the reason ({@link RefusalDiagnosis}, {@link RefusalReporter}), and the client
 * address spends one token of its unverified-traffic budget.
 */
final class SignatureVerificationHandler implements Handler<RoutingContext> {

    private final Providers providers;
    private final Clock clock;
    private final RateLimiters rateLimiters;
    private final RateLimit unverifiedLimit;
    private final RefusalReporter refusals;

    SignatureVerificationHandler(Providers providers, Clock clock, RateLimiters rateLimiters,
                                 RateLimit unverifiedLimit, RefusalReporter refusals) {
        this.providers = providers;
        this.clock = clock;
        this.rateLimiters = rateLimiters;
        this.unverifiedLimit = unverifiedLimit;
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        ProviderAdapter adapter = providers.get(webhook.provider());
        Buffer raw = ctx.body().buffer();
        byte[] body = raw == null ? new byte[0] : raw.getBytes();
        AdmissionHandler.settle(ctx, body.length);
        Instant now = clock.instant();
        if (!adapter.verify(webhook, ctx.request().headers(), body, now)) {
            InetAddress client = ctx.get(IngressContext.CLIENT_ADDRESS);
            rateLimiters.chargeUnverified(client, unverifiedLimit);
            refusals.report(ctx, webhook,
                    RefusalDiagnosis.of(webhook, adapter.auth(), ctx.request().headers(), body, now));
            ctx.fail(ApiException.unauthorized("UNAUTHORIZED", "request could not be verified"));
            return;
        }
        ctx.put(IngressContext.BODY, body);
        ctx.next();
    }
}
