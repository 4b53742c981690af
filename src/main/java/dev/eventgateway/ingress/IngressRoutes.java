package dev.eventgateway.ingress;

import dev.eventgateway.config.IngressConfig;
import dev.eventgateway.config.TrustedProxies;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;

/**
 * Mounts {@code POST/GET /webhooks/{webhookUid}} (DESIGN §1, §3). Each step is one handler that either passes the
 * request on or fails the context; the router's failure handler writes every error.
 * <p>
 * The checks that need no body run before the body is read, so a refused request costs no body bytes. vert.x-web
 * orders handlers by kind (platform, security policy, body, user): the pre-body checks are declared as platform
 * and security-policy handlers, which is what lets them stand before the {@link BodyHandler}.
 */
public final class IngressRoutes {

    private IngressRoutes() {
    }

    public static void mount(Router router, IngressConfig config, TrustedProxies trustedProxies,
                             WebhookRegistry registry, Providers providers, EventPublisher publisher,
                             GatewayMetrics metrics, IngressLimits limits, Readiness readiness, Clock clock,
                             Tracing tracing) {
        if (tracing.enabled()) {
            // first on both methods, so that the server span covers every check and every refusal
            router.route("/webhooks/:webhookUid").handler(new IngressTracing(tracing));
        }
        AccessLog accessLog = AccessLog.create(config.accessLog(), IngressTracing.ROUTE);
        if (accessLog != null) {
            router.route("/webhooks/:webhookUid").handler(accessLog);
        }
        RefusalReporter refusals = new RefusalReporter(metrics);
        IngressConfig.Limit perAddress = config.unverifiedRateLimit();
        RateLimit unverified = perAddress == null ? null : new RateLimit(perAddress.perSecond(), perAddress.burst());
        router.get("/webhooks/:webhookUid")
                .handler(new ClientAddressHandler(trustedProxies))
                .handler(WebhookLookupHandler.forHandshakes(registry))
                .handler(new VerifyChallengeHandler());
        router.post("/webhooks/:webhookUid")
                .handler(new ClientAddressHandler(trustedProxies))
                .handler(WebhookLookupHandler.forDeliveries(registry, metrics, refusals))
                .handler(new ContentTypeHandler())
                .handler(new AccessGuardHandler(limits.rateLimiters, unverified, refusals))
                .handler(new AdmissionHandler(limits, config, readiness))
                // over the limit: a bare 413 before the rest is read (Content-Length) or as soon as it is exceeded;
                // within it, the buffer is sized from Content-Length once instead of grown from 1 KB by copies
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()).setPreallocateBodyBuffer(true))
                .handler(new SignatureVerificationHandler(providers, clock, limits.rateLimiters,
                        unverified, refusals))
                .handler(new WebhookRateLimitHandler(limits.rateLimiters))
                .handler(new WebhookHandler(providers, publisher, metrics, config.publishTimeout(),
                        config.retryAfterSeconds(), clock));
    }
}
