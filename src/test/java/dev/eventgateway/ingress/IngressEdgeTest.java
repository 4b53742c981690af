package dev.eventgateway.ingress;

import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ClientAddress;
import dev.eventgateway.http.RefusalReason;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.RefusalCategory;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;
import dev.eventgateway.provider.whats91.Whats91Adapter;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress edge on a real router and server, Kafka replaced by a publisher the test controls: the client address
 * behind a trusted proxy, unverified floods that cannot spend a webhook's limit, draining, and the refusal reasons the
 * operator sees.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngressEdgeTest {

    private static final String SECRET = "edge-secret";
    private static final String TOKEN = "edge-token";
    private static final String PROVIDER_IP = "198.51.100.7";
    private static final byte[] TEXT_EVENT = """
            {"event":"message.inbound.text","webhookUid":"wh_edge","senderId":"916268662275",\
            "data":{"from":"919888888888","messageId":"wamid.EDGE","text":"hello",\
            "timestamp":"2026-06-05T10:30:00.000Z"}}""".getBytes(StandardCharsets.UTF_8);

    private final List<IngressBatch> published = new CopyOnWriteArrayList<>();
    /** What the ingress leaves on the context of each refused request, for the console's refusal list. */
    private final List<Refusal> refused = new CopyOnWriteArrayList<>();
    private Function<IngressBatch, Future<Void>> kafka = batch -> Future.succeededFuture();
    private final WebhookRegistry registry = new WebhookRegistry();
    private final Readiness readiness = new Readiness();
    private Vertx vertx;
    private WebClient client;
    private int port;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        Instant now = Instant.now();
        registry.replaceAll(List.of(
                whats91("wh_edge").rateLimit(new RateLimit(1, 20)).build(),
                whats91("wh_office").allowedIps(List.of(Cidr.parse("198.51.100.0/24"))).build(),
                whats91("wh_rotated").previousSigningSecret(Secret.ofNullable("old-secret"),
                        now.minus(Duration.ofHours(1))).build(),
                whats91("wh_off").status(Webhook.Status.INACTIVE).build()));
        GatewayConfig config = ConfigLoader.load(Path.of("target"), Map.of(
                "GATEWAY_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1",
                "GATEWAY_INGRESS_UNVERIFIED_RATE_LIMIT_PER_SECOND", "1",
                "GATEWAY_INGRESS_UNVERIFIED_RATE_LIMIT_BURST", "5"));
        EventPublisher publisher = batch -> {
            published.add(batch);
            return kafka.apply(batch);
        };
        // read as the console's recorder reads it: when the answer ends
        RouteMounter refusals = (router, v) -> router.post("/webhooks/:webhookUid").order(-1).handler(ctx -> {
            ctx.addEndHandler(done -> {
                if (ctx.response().getStatusCode() >= 400) {
                    refused.add(new Refusal(ctx.get(RefusalReason.KEY), ClientAddress.of(ctx)));
                }
            });
            ctx.next();
        });
        var router = GatewayRouter.createPublic(vertx, config, registry, Providers.standard(), publisher,
                GatewayMetrics.create(), readiness, new IngressLimits(), List.of(refusals), Clock.systemUTC(), Tracing.off());
        client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(16));
        port = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private static Webhook.Builder whats91(String uid) {
        return Webhook.builder(uid, Whats91Adapter.NAME)
                .senderId("916268662275")
                .signingSecret(Secret.ofNullable(SECRET))
                .verificationToken(Secret.ofNullable(TOKEN));
    }

    private HttpResponse<Buffer> post(String uid, String forwardedFor, String signature, String token, byte[] body)
            throws Exception {
        var request = client.post(port, "127.0.0.1", "/webhooks/" + uid).putHeader("Content-Type", "application/json");
        if (forwardedFor != null) {
            request.putHeader("X-Forwarded-For", forwardedFor);
        }
        if (signature != null) {
            request.putHeader("X-Whats91-Signature", signature);
        }
        if (token != null) {
            request.putHeader("X-CRM-Webhook-Token", token);
        }
        return request.sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> postSigned(String uid, String forwardedFor) throws Exception {
        return post(uid, forwardedFor, sign(SECRET, TEXT_EVENT), TOKEN, TEXT_EVENT);
    }

    private static String sign(String secret, byte[] body) {
        return Signatures.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    @Test
    void tenThousandUnsignedRequestsLeaveTheProvidersSignedRequestsAt200() throws Exception {
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        List<Integer> signed = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // from 20 addresses behind the balancer, each soon out of its unverified budget
            flood.add(client.post(port, "127.0.0.1", "/webhooks/wh_edge")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Forwarded-For", "203.0.113." + (i % 20))
                    .putHeader("X-Whats91-Signature", "0".repeat(64))
                    .sendBuffer(Buffer.buffer(TEXT_EVENT)));
            if (i % 1000 == 999) {
                Future.join(new ArrayList<>(flood)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                signed.add(postSigned("wh_edge", PROVIDER_IP).statusCode());
            }
        }
        Future.join(flood).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(signed).hasSize(10).containsOnly(200);
        assertThat(flood).allSatisfy(f -> assertThat(f.result().statusCode()).isIn(401, 429));
        long unauthorized = flood.stream().filter(f -> f.result().statusCode() == 401).count();
        // each address spent its burst of 5, plus what refilled at 1/s while the flood ran
        assertThat(unauthorized).isLessThan(2_000);
        assertThat(published).hasSize(10);
    }

    @Test
    void theWebhookRateLimitCountsOnlyVerifiedRequests() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(post("wh_edge", "203.0.113." + i, "0".repeat(64), TOKEN, TEXT_EVENT).statusCode())
                    .isEqualTo(401);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(postSigned("wh_edge", PROVIDER_IP).statusCode()).as("signed request %d", i).isEqualTo(200);
        }
        HttpResponse<Buffer> over = postSigned("wh_edge", PROVIDER_IP);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.getHeader("Retry-After")).isNotBlank();
    }

    @Test
    void allowedIpsActOnTheForwardedAddressOnlyBehindATrustedProxy() throws Exception {
        assertThat(postSigned("wh_office", PROVIDER_IP).statusCode()).isEqualTo(200);
        assertThat(postSigned("wh_office", "203.0.113.1").statusCode()).isEqualTo(403);
        // a client forging its address in front of the balancer: the balancer appends what it saw, read from the right
        assertThat(postSigned("wh_office", PROVIDER_IP + ", 203.0.113.1").statusCode()).isEqualTo(403);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).safeHeaders()).containsEntry("client-address", PROVIDER_IP);
    }

    @Test
    void drainingAnswersNewRequests503WhileTheOneInFlightFinishes() throws Exception {
        Promise<Void> ack = Promise.promise();
        kafka = batch -> ack.future();
        var inFlight = client.post(port, "127.0.0.1", "/webhooks/wh_edge")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Whats91-Signature", sign(SECRET, TEXT_EVENT))
                .putHeader("X-CRM-Webhook-Token", TOKEN)
                .sendBuffer(Buffer.buffer(TEXT_EVENT));
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);

        readiness.markShuttingDown();
        HttpResponse<Buffer> late = postSigned("wh_edge", PROVIDER_IP);
        ack.complete();

        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.bodyAsJsonObject().getString("error_code")).isEqualTo("UNAVAILABLE");
        assertThat(late.getHeader("Retry-After")).isNotBlank();
        assertThat(late.getHeader("Connection")).isEqualToIgnoringCase("close");
        assertThat(inFlight.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode())
                .isEqualTo(200);
        assertThat(published).hasSize(1);
    }

    @Test
    void everyRefusalIsReportedWithItsReasonAndNoSecret() throws Exception {
        byte[] pretty = """
                {
                  "event": "message.inbound.text",
                  "webhookUid": "wh_edge",
                  "data": {"from": "919888888888", "messageId": "wamid.PRETTY", "text": "hi"}
                }""".getBytes(StandardCharsets.UTF_8);
        byte[] compact = new JsonObject(Buffer.buffer(pretty)).encode().getBytes(StandardCharsets.UTF_8);

        post("wh_edge", "192.0.2.1", null, TOKEN, TEXT_EVENT);
        post("wh_edge", "192.0.2.2", sign("wrong", TEXT_EVENT), TOKEN, TEXT_EVENT);
        post("wh_edge", "192.0.2.3", sign(SECRET, compact), TOKEN, pretty);
        post("wh_edge", "192.0.2.4", sign(SECRET, TEXT_EVENT), "wrong-token", TEXT_EVENT);
        post("wh_rotated", "192.0.2.5", sign("old-secret", TEXT_EVENT), TOKEN, TEXT_EVENT);
        post("wh_office", "192.0.2.6", sign(SECRET, TEXT_EVENT), TOKEN, TEXT_EVENT);
        post("wh_off", "192.0.2.7", sign(SECRET, TEXT_EVENT), TOKEN, TEXT_EVENT);

        await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 7);
        assertThat(refused).extracting(Refusal::reason).containsExactly(
                RefusalCategory.MISSING_SIGNATURE.label(),
                RefusalCategory.SIGNATURE_MISMATCH.label(),
                RefusalCategory.SIGNATURE_OVER_RESERIALIZED_JSON.label(),
                RefusalCategory.TOKEN_MISMATCH.label(),
                RefusalCategory.EXPIRED_PREVIOUS_SECRET.label(),
                RefusalCategory.IP_NOT_ALLOWED.label(),
                RefusalCategory.WEBHOOK_INACTIVE.label());
        // the forwarded address a trusted proxy vouches for, not the socket peer
        assertThat(refused).extracting(Refusal::clientAddress)
                .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6",
                        "192.0.2.7");
        assertThat(refused.toString()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("hello");
        assertThat(published).isEmpty();
    }

    private record Refusal(String reason, String clientAddress) {
    }
}
