package dev.eventgateway;

import dev.eventgateway.config.ManagementConfig;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The management listener (DESIGN §7): {@code /health/*}, {@code /metrics} and the API documents, on a port of its
 * own (loopback by default), so that neither the metrics' webhook labels nor the health checks face the internet.
 * One instance: scrapes and probes are few. Stays up while the public listener drains, so that the orchestrator sees
 * readiness go down.
 */
final class ManagementVerticle extends VerticleBase {

    private final ManagementConfig config;
    private final GatewayMetrics metrics;
    private final Readiness readiness;
    private final List<RouteMounter> extraRoutes;
    private final AtomicInteger actualPort;
    private HttpServer server;

    ManagementVerticle(ManagementConfig config, GatewayMetrics metrics, Readiness readiness,
                       List<RouteMounter> extraRoutes, AtomicInteger actualPort) {
        this.config = config;
        this.metrics = metrics;
        this.readiness = readiness;
        this.extraRoutes = extraRoutes;
        this.actualPort = actualPort;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        return server.requestHandler(GatewayRouter.createManagement(vertx, metrics, readiness, extraRoutes))
                .listen()
                .onSuccess(s -> actualPort.set(s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
