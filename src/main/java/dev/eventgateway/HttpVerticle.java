package dev.eventgateway;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.InvalidRequestHandler;
import dev.eventgateway.config.TlsConfig;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.http.ServerTls;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.publish.IngressProducer;
import dev.eventgateway.publish.KafkaEventPublisher;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public HTTP server: ingress and whatever feature routes are handed in, plus health, metrics and the API documents
 * when the management listener shares its port ({@link dev.eventgateway.config.ManagementConfig}; otherwise
 * {@link ManagementVerticle} serves those). One instance per event loop,
 * all sharing one port; each owns its router and publisher, and shares the process-wide state passed in (the Kafka
 * producer among it). Not thread-safe; all callbacks run on this verticle's context.
 */
final class HttpVerticle extends VerticleBase {

    private final GatewayConfig config;
    private final WebhookRegistry registry;
    private final Providers providers;
    private final IngressProducer producer;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final Readiness readiness;
    private final IngressLimits limits;
    private final List<RouteMounter> extraRoutes;
    private final boolean servesManagement;
    private final AtomicInteger actualPort;
    private final Tracing tracing;
    private final Clock clock;
    private HttpServer server;

    HttpVerticle(GatewayConfig config, WebhookRegistry registry, Providers providers, IngressProducer producer,
                 Spool spool, GatewayMetrics metrics,
                 Readiness readiness, IngressLimits limits, List<RouteMounter> extraRoutes, boolean servesManagement,
                 AtomicInteger actualPort, Tracing tracing, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.providers = providers;
        this.producer = producer;
        this.spool = spool;
        this.metrics = metrics;
        this.readiness = readiness;
        this.limits = limits;
        this.extraRoutes = extraRoutes;
        this.servesManagement = servesManagement;
        this.actualPort = actualPort;
        this.tracing = tracing;
    }

    @Override
    public Future<?> start() {
        EventPublisher publisher = EventPublisher.withSpool(new KafkaEventPublisher(context, producer,
                new TopicRouter(new Topics(config.kafka())), tracing), spool);
        Router router = servesManagement
                ? GatewayRouter.create(vertx, config, registry, providers, publisher, metrics, readiness, limits,
                        extraRoutes, clock, tracing)
                : GatewayRouter.createPublic(vertx, config, registry, providers, publisher, metrics, readiness,
                        limits, extraRoutes, clock, tracing);

        TlsConfig tls = config.http().tls();
        Future<HttpServer> listening = tls.enabled()
                ? ServerTls.listen(vertx, serverOptions(), tls, router)
                : InvalidRequestHandler.install(vertx.createHttpServer(serverOptions())).requestHandler(router).listen();
        return listening.onSuccess(s -> {
            server = s;
            actualPort.set(s.actualPort());
        });
    }

    private HttpServerOptions serverOptions() {
        // a negative port makes every instance share one random port (port 0 would give each its own)
        int port = config.http().port() == 0 ? -1 : config.http().port();
        return new HttpServerOptions()
                .setHost(config.http().host())
                .setPort(port)
                .setCompressionSupported(false)
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
    }

    @Override
    public Future<?> stop() {
        // stop accepting and let in-flight requests finish; the shared producer is flushed by the gateway after this
        return server.shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
