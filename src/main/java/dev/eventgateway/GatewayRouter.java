package dev.eventgateway;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.http.HttpVersions;
import dev.eventgateway.http.RequestIds;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.ingress.IngressRoutes;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.HealthRoutes;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.List;

/** The whole HTTP surface on one router: request ids, health, metrics, ingress, feature routes, one error writer. */
public final class GatewayRouter {

    private GatewayRouter() {
    }

    public static Router create(Vertx vertx, GatewayConfig config, WebhookRegistry registry, Providers providers,
                                EventPublisher publisher, GatewayMetrics metrics, Readiness readiness,
                                IngressLimits limits, List<RouteMounter> extraRoutes, Clock clock) {
        return create(vertx, config, registry, providers, publisher, metrics, readiness, limits, extraRoutes, clock,
                Tracing.off());
    }

    public static Router create(Vertx vertx, GatewayConfig config, WebhookRegistry registry, Providers providers,
                                EventPublisher publisher, GatewayMetrics metrics, Readiness readiness,
                                IngressLimits limits, List<RouteMounter> extraRoutes, Clock clock, Tracing tracing) {
        ErrorEnvelopeHandler errors = new ErrorEnvelopeHandler();
        Router router = Router.router(vertx);
        router.route().handler(RequestIds::assign);
        router.route().handler(HttpVersions::check);
        router.route().handler(ctx -> {
            if (readiness.shuttingDown()) {
                ctx.response().putHeader("Connection", "close");
            }
            ctx.next();
        });
        HealthRoutes.mount(router, vertx, readiness, metrics);
        IngressRoutes.mount(router, config.ingress(), registry, providers, publisher, metrics, limits, clock,
                tracing);
        extraRoutes.forEach(mounter -> mounter.mount(router, vertx));
        router.route().failureHandler(errors);
        // a path or query whose percent escapes do not decode fails route matching itself
        ApiException undecodable = ApiException.badRequest("BAD_REQUEST", "the request URI could not be decoded");
        router.errorHandler(400, ctx -> errors.handle(ctx, undecodable));
        router.errorHandler(404, errors);
        router.errorHandler(405, errors);
        router.errorHandler(500, errors);
        return router;
    }
}
