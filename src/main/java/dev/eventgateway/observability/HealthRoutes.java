package dev.eventgateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics} (Prometheus text format). */
public final class HealthRoutes {

    private static final long CHECK_TIMEOUT_MS = 2000;

    private HealthRoutes() {
    }

    public static void mount(Router router, Vertx vertx, Readiness readiness, GatewayMetrics metrics) {
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "UP").toBuffer()));
        router.get("/health/ready").handler(ctx -> readiness.check(vertx, CHECK_TIMEOUT_MS).onComplete(done -> {
            Readiness.Report report = done.result();
            ctx.response()
                    .setStatusCode(report.ready() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", report.ready() ? "UP" : "DOWN")
                            .put("checks", report.parts()).toBuffer());
        }));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.registry().scrape()));
    }
}
