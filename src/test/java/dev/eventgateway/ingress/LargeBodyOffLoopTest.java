package dev.eventgateway.ingress;

import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;
import dev.eventgateway.provider.whats91.Whats91Adapter;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large body is normalized and handed to Kafka off the event loop: while its hand-over is held up, a small request
 * on the same event loop (one HTTP server started outside a verticle: one loop for every connection) is still
 * answered. Were the large body's work done on the loop, the small request could not be read until it ended.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LargeBodyOffLoopTest {

    private static final String SECRET = "whats91-signing-secret";
    private static final String TOKEN = "crm-token";

    private final CountDownLatch releaseLarge = new CountDownLatch(1);
    private final Promise<Void> largeHandedOver = Promise.promise();
    private final AtomicBoolean largeOnEventLoop = new AtomicBoolean(true);
    private final AtomicBoolean smallOnEventLoop = new AtomicBoolean(false);
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        WebhookRegistry registry = new WebhookRegistry();
        registry.replaceAll(List.of(Webhook.builder("wh_w91", Whats91Adapter.NAME)
                .senderId("916268662275")
                .signingSecret(Secret.ofNullable(SECRET))
                .verificationToken(Secret.ofNullable(TOKEN))
                .build()));
        GatewayConfig config = ConfigLoader.load(Path.of("target"), Map.of());
        EventPublisher publisher = batch -> {
            if (batch.body().length < WebhookHandler.OFF_LOOP_BYTES) {
                smallOnEventLoop.set(Context.isOnEventLoopThread());
                return Future.succeededFuture();
            }
            // the large body's hand-over, held up here as long normalization would hold it up
            largeOnEventLoop.set(Context.isOnEventLoopThread());
            largeHandedOver.tryComplete();
            try {
                releaseLarge.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Future.succeededFuture();
        };
        var router = GatewayRouter.create(vertx, config, registry, Providers.standard(), publisher,
                GatewayMetrics.create(), new Readiness(), new IngressLimits(), List.of(), Clock.systemUTC());
        client = WebClient.create(vertx);
        vertx.createHttpServer().requestHandler(router).listen(0)
                .onComplete(ctx.succeeding(s -> {
                    server = s;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop() {
        releaseLarge.countDown();
        client.close();
    }

    @Test
    void smallRequestIsAnsweredWhileALargeBodyIsBeingHandedOver(VertxTestContext ctx) {
        Future<HttpResponse<Buffer>> large = postSigned(text("x".repeat(WebhookHandler.OFF_LOOP_BYTES)));
        largeHandedOver.future()
                .compose(v -> postSigned(text("I need help with my order")))
                .onComplete(ctx.succeeding(small -> ctx.verify(() -> {
                    assertThat(small.statusCode()).isEqualTo(200);
                    assertThat(large.isComplete()).as("the large request is still being handed over").isFalse();
                    assertThat(smallOnEventLoop).as("a small body stays on the event loop").isTrue();
                    assertThat(largeOnEventLoop).as("the large body is handed over on a worker").isFalse();
                    releaseLarge.countDown();
                    large.onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(200);
                        assertThat(resp.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
                        ctx.completeNow();
                    })));
                })));
    }

    private static byte[] text(String text) {
        return ("{\"event\":\"message.inbound.text\",\"webhookUid\":\"wh_w91\",\"senderId\":\"916268662275\","
                + "\"data\":{\"from\":\"919888888888\",\"messageId\":\"wamid.HBgMOTE5\",\"text\":\"" + text + "\","
                + "\"timestamp\":\"2026-06-05T10:30:00.000Z\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private Future<HttpResponse<Buffer>> postSigned(byte[] body) {
        return client.post(server.actualPort(), "127.0.0.1", "/webhooks/wh_w91")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-CRM-Webhook-Token", TOKEN)
                .putHeader("X-Whats91-Signature",
                        Signatures.hmacSha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), body))
                .sendBuffer(Buffer.buffer(body));
    }
}
