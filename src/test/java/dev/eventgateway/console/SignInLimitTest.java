package dev.eventgateway.console;

import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ClientAddresses;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.storage.query.NotificationQueries;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import dev.eventgateway.storage.traffic.TrafficTable;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Guessing the admin token at the console's sign-in is cut short per client address, on the real router. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignInLimitTest {

    private static final String TOKEN = "sign-in-limit-token";

    private WebClient client;
    private int port;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        GatewayConfig config = ConfigLoader.load(Path.of("target"), Map.of(
                "GATEWAY_ADMIN_TOKEN", TOKEN,
                "GATEWAY_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1"));
        WebhookRegistry registry = new WebhookRegistry();
        Clock clock = Clock.systemUTC();
        ConsoleRoutes console = new ConsoleRoutes(new ConsoleSessions(Secret.ofNullable(TOKEN), Duration.ofHours(1),
                false, clock), new ClientAddresses(config.http().trustedProxies()), registry, Providers.standard(),
                new TrafficView(new TrafficTable(null), clock), new RefusedRequestTable(null), worker -> null,
                new NotificationQueries(null), clock);
        var router = GatewayRouter.createPublic(vertx, config, registry, Providers.standard(),
                batch -> Future.succeededFuture(), GatewayMetrics.create(), new Readiness(), new IngressLimits(),
                List.of(console), clock, Tracing.off());
        client = WebClient.create(vertx);
        port = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private HttpResponse<Buffer> signIn(String forwardedFor, String token) throws Exception {
        return client.post(port, "127.0.0.1", "/console/api/session")
                .putHeader("X-Forwarded-For", forwardedFor)
                .sendJsonObject(new JsonObject().put("token", token))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAddressThatKeepsGuessingIsRefusedWith429EvenWithTheRightTokenWhileOthersSignIn() throws Exception {
        for (int i = 0; i < SignInLimiter.BURST; i++) {
            assertThat(signIn("198.51.100.20", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> limited = signIn("198.51.100.20", TOKEN);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.getHeader("Retry-After")).isNotBlank();
        assertThat(limited.getHeader("Set-Cookie")).isNull();
        JsonObject envelope = limited.bodyAsJsonObject();
        assertThat(envelope.getString("error_code")).isEqualTo("RATE_LIMITED");
        assertThat(envelope.getBoolean("success")).isFalse();

        // another client behind the same trusted proxy is not held back by it
        assertThat(signIn("198.51.100.21", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void theBudgetRefillsOverTimeAndTheTrackedAddressesAreBounded() throws Exception {
        AtomicLong nanos = new AtomicLong();
        SignInLimiter limiter = new SignInLimiter(nanos::get);
        InetAddress guesser = InetAddress.getByName("203.0.113.5");
        for (int i = 0; i < SignInLimiter.BURST; i++) {
            assertThat(limiter.waitSeconds(guesser)).isZero();
            limiter.failed(guesser);
        }
        assertThat(limiter.waitSeconds(guesser)).isEqualTo(SignInLimiter.REFILL_SECONDS);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(SignInLimiter.REFILL_SECONDS));
        assertThat(limiter.waitSeconds(guesser)).isZero();

        for (int i = 0; i < SignInLimiter.MAX_ADDRESSES + 50; i++) {
            limiter.failed(InetAddress.getByAddress(new byte[]{10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        assertThat(limiter.tracked()).isLessThanOrEqualTo(SignInLimiter.MAX_ADDRESSES + 1);
    }
}
