package dev.eventgateway;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.http.HttpVersions;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.ingress.IngressRoutes;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.HealthRoutes;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.List;

/**
 * The routers of the two listeners (DESIGN §7). The public one serves ingress and the feature routes (the admin API);
 * the management one serves health, metrics and the features' management routes (the API documents). Both start with
 * request ids and end with the one error writer. {@link #create} puts both on one router, for the single-port layout.
 */
public final class GatewayRouter {

    private GatewayRouter() {
    }

    /** Everything on one router: the management routes first, then the public ones. */
    public static Router create(Vertx vertx, GatewayConfig config, WebhookRegistry registry, Providers providers,
                                EventPublisher publisher, GatewayMetrics metrics, Readiness readiness,
                                IngressLimits limits, List<RouteMounter> extraRoutes, Clock clock) {
        return create(vertx, config, registry, providers, publisher, metrics, readiness, limits, extraRoutes, clock,
                Tracing.off());
    }

    /** As {@link #create(Vertx, GatewayConfig, WebhookRegistry, Providers, EventPublisher, GatewayMetrics, Readiness,
     * IngressLimits, List, Clock)}, with ingress spans from {@code tracing}. */
    public static Router create(Vertx vertx, GatewayConfig config, WebhookRegistry registry, Providers providers,
                                EventPublisher publisher, GatewayMetrics metrics, Readiness readiness,
                                IngressLimits limits, List<RouteMounter> extraRoutes, Clock clock, Tracing tracing) {
        Router router = begin(vertx, readiness);
        mountManagement(router, vertx, metrics, readiness, extraRoutes);
        mountPublic(router, vertx, config, registry, providers, publisher, metrics, limits, readiness, extraRoutes,
                clock, tracing);
        return end(router);
    }

    /** The public listener's router: {@code /webhooks/…} and the feature routes, nothing of management. */
    public static Router createPublic(Vertx vertx, GatewayConfig config, WebhookRegistry registry,
                                      Providers providers, EventPublisher publisher, GatewayMetrics metrics,
                                      Readiness readiness, IngressLimits limits, List<RouteMounter> extraRoutes,
                                      Clock clock, Tracing tracing) {
        Router router = begin(vertx, readiness);
        mountPublic(router, vertx, config, registry, providers, publisher, metrics, limits, readiness, extraRoutes,
                clock, tracing);
        return end(router);
    }

    /** The management listener's router: health, metrics and the features' management routes. */
    public static Router createManagement(Vertx vertx, GatewayMetrics metrics, Readiness readiness,
                                          List<RouteMounter> extraRoutes) {
        Router router = begin(vertx, readiness);
        mountManagement(router, vertx, metrics, readiness, extraRoutes);
        return end(router);
    }

    private static Router begin(Vertx vertx, Readiness readiness) {
        Router router = Router.router(vertx);
        // one route for the three steps every request takes: each route costs a match and a step of the router
        router.route().handler(ctx -> {
            RequestIds.assign(ctx);
            if (readiness.shuttingDown()) {
                ctx.response().putHeader("Connection", "close");
            }
            HttpVersions.check(ctx);
        });
        return router;
    }

    private static void mountManagement(Router router, Vertx vertx, GatewayMetrics metrics, Readiness readiness,
                                        List<RouteMounter> extraRoutes) {
        HealthRoutes.mount(router, vertx, readiness, metrics);
        extraRoutes.forEach(mounter -> mounter.mountManagement(router, vertx));
    }

    private static void mountPublic(Router router, Vertx vertx, GatewayConfig config, WebhookRegistry registry,
                                    Providers providers, EventPublisher publisher, GatewayMetrics metrics,
                                    IngressLimits limits, Readiness readiness, List<RouteMounter> extraRoutes,
                                    Clock clock, Tracing tracing) {
        IngressRoutes.mount(router, config.ingress(), config.http().trustedProxies(), registry, providers, publisher,
                metrics, limits, readiness, clock, tracing);
        extraRoutes.forEach(mounter -> mounter.mount(router, vertx));
    }

    private static Router end(Router router) {
        ErrorEnvelopeHandler errors = new ErrorEnvelopeHandler();
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
