package dev.eventgateway;

import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which listener serves what (DESIGN §7): the public router answers ingress and the feature routes but not health,
 * metrics or the documents; the management router the reverse; the single-port router both.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ListenersTest {

    private static final RouteMounter FEATURE = new RouteMounter() {
        @Override
        public void mount(Router router, Vertx vertx) {
            router.get("/api/v2/feature").handler(ctx -> ctx.end("public"));
        }

        @Override
        public void mountManagement(Router router, Vertx vertx) {
            router.get("/api/v2/openapi.json").handler(ctx -> ctx.end("{}"));
        }
    };

    private static final GatewayConfig CONFIG = ConfigLoader.load(Path.of("target"), Map.of());

    @Test
    void thePublicListenerServesNoMetricsHealthOrDocuments(Vertx vertx) throws Exception {
        int port = serve(vertx, GatewayRouter.createPublic(vertx, CONFIG, new WebhookRegistry(),
                Providers.standard(), batch -> Future.succeededFuture(), GatewayMetrics.create(), new Readiness(),
                new IngressLimits(), List.of(FEATURE), Clock.systemUTC(), Tracing.off()));

        assertThat(status(vertx, port, "/metrics")).isEqualTo(404);
        assertThat(status(vertx, port, "/health/live")).isEqualTo(404);
        assertThat(status(vertx, port, "/health/ready")).isEqualTo(404);
        assertThat(status(vertx, port, "/api/v2/openapi.json")).isEqualTo(404);
        assertThat(status(vertx, port, "/api/v2/feature")).isEqualTo(200);
        assertThat(status(vertx, port, "/webhooks/wh_unknown?hub.mode=subscribe")).isEqualTo(404);
    }

    @Test
    void theManagementListenerServesOnlyMetricsHealthAndDocuments(Vertx vertx) throws Exception {
        int port = serve(vertx, GatewayRouter.createManagement(vertx, GatewayMetrics.create(), new Readiness(),
                List.of(FEATURE)));

        assertThat(status(vertx, port, "/metrics")).isEqualTo(200);
        assertThat(status(vertx, port, "/health/live")).isEqualTo(200);
        assertThat(status(vertx, port, "/health/ready")).isEqualTo(200);
        assertThat(status(vertx, port, "/api/v2/openapi.json")).isEqualTo(200);
        assertThat(status(vertx, port, "/api/v2/feature")).isEqualTo(404);
        assertThat(post(vertx, port, "/webhooks/wh_any")).isEqualTo(404);
    }

    @Test
    void theSinglePortLayoutServesBoth(Vertx vertx) throws Exception {
        int port = serve(vertx, GatewayRouter.create(vertx, CONFIG, new WebhookRegistry(), Providers.standard(),
                batch -> Future.succeededFuture(), GatewayMetrics.create(), new Readiness(), new IngressLimits(),
                List.of(FEATURE), Clock.systemUTC()));

        assertThat(status(vertx, port, "/metrics")).isEqualTo(200);
        assertThat(status(vertx, port, "/api/v2/openapi.json")).isEqualTo(200);
        assertThat(status(vertx, port, "/api/v2/feature")).isEqualTo(200);
    }

    @Test
    void onlyAFixedPortEqualToThePublicOneSharesIt() {
        GatewayConfig shared = ConfigLoader.load(Path.of("target"),
                Map.of("GATEWAY_HTTP_PORT", "8443", "GATEWAY_MANAGEMENT_PORT", "8443"));
        GatewayConfig bothRandom = ConfigLoader.load(Path.of("target"),
                Map.of("GATEWAY_HTTP_PORT", "0", "GATEWAY_MANAGEMENT_PORT", "0"));

        assertThat(shared.management().sharesPublicListener(shared.http())).isTrue();
        assertThat(bothRandom.management().sharesPublicListener(bothRandom.http())).isFalse();
        assertThat(CONFIG.management().sharesPublicListener(CONFIG.http())).isFalse();
        assertThat(CONFIG.management().host()).isEqualTo("127.0.0.1");
    }

    private static int serve(Vertx vertx, Router router) throws Exception {
        return vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    private static int status(Vertx vertx, int port, String path) throws Exception {
        WebClient client = WebClient.create(vertx);
        try {
            return client.get(port, "127.0.0.1", path).send().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).statusCode();
        } finally {
            client.close();
        }
    }

    private static int post(Vertx vertx, int port, String path) throws Exception {
        WebClient client = WebClient.create(vertx);
        try {
            return client.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json")
                    .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{}")).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).statusCode();
        } finally {
            client.close();
        }
    }
}
