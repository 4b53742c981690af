package dev.eventgateway.ingress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;
import dev.eventgateway.provider.whats91.Whats91Adapter;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress log lines as the shipped {@code logback.xml} writes them: every line about a request carries its
 * {@code requestId} (and the webhook uid) as a top-level JSON field, and every request, accepted or refused, has its
 * access line.
 */
class IngressLogTest {

    private static final String SECRET = "whats91-signing-secret";
    private static final String TOKEN = "crm-token";
    private static final byte[] TEXT_EVENT = """
            {"event":"message.inbound.text","webhookUid":"wh_w91","senderId":"916268662275",\
            "data":{"from":"919888888888","messageId":"wamid.LOG1","text":"hello",\
            "timestamp":"2026-06-05T10:30:00.000Z"}}""".getBytes(StandardCharsets.UTF_8);

    private final ch.qos.logback.classic.Logger gatewayLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.eventgateway");
    private final ch.qos.logback.classic.Logger accessLogger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Level levelBefore;
    private Level accessLevelBefore;
    private Vertx vertx;
    private HttpServer server;
    private boolean kafkaDown;

    private void start(Map<String, String> env, Tracing tracing) throws Exception {
        levelBefore = gatewayLogger.getLevel();
        accessLevelBefore = accessLogger.getLevel();
        gatewayLogger.setLevel(Level.DEBUG); // every line, the 4xx ones logged at DEBUG included
        accessLogger.setLevel(Level.DEBUG);
        captured.start();
        gatewayLogger.addAppender(captured);
        WebhookRegistry registry = new WebhookRegistry();
        registry.replaceAll(List.of(Webhook.builder("wh_w91", Whats91Adapter.NAME).senderId("916268662275")
                .signingSecret(Secret.ofNullable(SECRET)).verificationToken(Secret.ofNullable(TOKEN)).build()));
        Map<String, String> all = new HashMap<>(env);
        all.put("GATEWAY_INGRESS_PUBLISH_TIMEOUT", "2s");
        GatewayConfig config = ConfigLoader.load(Path.of("target"), all);
        EventPublisher publisher = batch -> kafkaDown
                ? Future.failedFuture(new NetworkException("broker down")) : Future.succeededFuture();
        vertx = Vertx.vertx();
        var router = GatewayRouter.create(vertx, config, registry, Providers.standard(), publisher,
                GatewayMetrics.create(), new Readiness(), new IngressLimits(), List.of(), Clock.systemUTC(), tracing);
        server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        gatewayLogger.detachAppender(captured);
        gatewayLogger.setLevel(levelBefore);
        accessLogger.setLevel(accessLevelBefore);
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyIngressLineCarriesTheRequestIdAsAFieldAndEveryRequestHasAnAccessLine() throws Exception {
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        start(Map.of(), Tracing.of(sdk, sdk));
        HttpResponse<String> accepted = post("wh_w91", SECRET);
        HttpResponse<String> unsigned = post("wh_w91", "not-the-secret");
        HttpResponse<String> unknown = post("wh_nobody", SECRET);
        kafkaDown = true;
        HttpResponse<String> unavailable = post("wh_w91", SECRET);
        assertThat(List.of(accepted.statusCode(), unsigned.statusCode(), unknown.statusCode(),
                unavailable.statusCode())).containsExactly(200, 401, 404, 503);

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(accessLines()).hasSize(4));
        List<JsonNode> lines = ingressLines();
        assertThat(lines).extracting(line -> line.path("formattedMessage").asText())
                .anyMatch(m -> m.startsWith("request refused [requestId: " + requestId(unsigned)))
                .anyMatch(m -> m.startsWith("publish failed"))
                .anyMatch(m -> m.startsWith("request rejected"));
        List<String> requestIds = List.of(requestId(accepted), requestId(unsigned), requestId(unknown),
                requestId(unavailable));
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("requestId").asText()).as(line.toString()).isIn(requestIds);
            assertThat(line.path("webhookUid").asText()).as(line.toString()).isIn("wh_w91", "wh_nobody");
            assertThat(line.path("traceId").asText()).as(line.toString()).hasSize(32);
        });

        JsonNode ok = accessLine(accepted);
        assertThat(ok.path("method").asText()).isEqualTo("POST");
        assertThat(ok.path("path").asText()).isEqualTo("/webhooks/{webhookUid}");
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("bytesIn").asLong()).isGreaterThanOrEqualTo(TEXT_EVENT.length);
        assertThat(ok.path("bytesOut").asLong()).isPositive();
        assertThat(ok.path("durationMs").isNumber()).isTrue();
        assertThat(ok.path("client").asText()).isEqualTo("127.0.0.1");
        assertThat(ok.path("level").asText()).isEqualTo("INFO");
        assertThat(accessLine(unsigned).path("status").asInt()).isEqualTo(401);
        assertThat(accessLine(unsigned).path("errorCode").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(accessLine(unknown).path("status").asInt()).isEqualTo(404);
        assertThat(accessLine(unavailable).path("status").asInt()).isEqualTo(503);
    }

    @Test
    void theAccessLogCanBeSwitchedOff() throws Exception {
        start(Map.of("GATEWAY_INGRESS_ACCESS_LOG_LEVEL", "off"), Tracing.off());
        HttpResponse<String> refused = post("wh_w91", "not-the-secret");
        assertThat(post("wh_w91", SECRET).statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        // the refusal's own line is there (written before the answer), with its request id; no access line
        assertThat(ingressLines()).anySatisfy(line -> assertThat(line.path("requestId").asText())
                .isEqualTo(requestId(refused)));
        assertThat(accessLines()).isEmpty();
    }

    @Test
    void theAccessLogNamesTheClientATrustedProxyForwardedNotTheProxy() throws Exception {
        start(Map.of("GATEWAY_HTTP_TRUSTED_PROXIES", "127.0.0.1/32"), Tracing.off());
        HttpResponse<String> delivery = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.actualPort() + "/webhooks/wh_w91"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.7")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TEXT_EVENT)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.actualPort() + "/webhooks/wh_w91?hub.mode=subscribe"))
                .header("X-Forwarded-For", "203.0.113.8").GET().build(), HttpResponse.BodyHandlers.ofString());

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(accessLines()).hasSize(2));
        assertThat(accessLine(delivery).path("client").asText()).isEqualTo("203.0.113.7");
        assertThat(accessLine(handshake).path("client").asText()).isEqualTo("203.0.113.8");
    }

    private HttpResponse<String> post(String uid, String secret) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/webhooks/"
                                + uid))
                        .header("Content-Type", "application/json")
                        .header("X-CRM-Webhook-Token", TOKEN)
                        .header("X-Whats91-Signature",
                                Signatures.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), TEXT_EVENT))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TEXT_EVENT)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").orElseThrow();
    }

    private JsonNode accessLine(HttpResponse<String> response) {
        return accessLines().stream().filter(l -> l.path("requestId").asText().equals(requestId(response)))
                .findFirst().orElseThrow(() -> new AssertionError("no access line for " + requestId(response)));
    }

    private List<JsonNode> accessLines() {
        return ingressLines().stream().filter(l -> l.path("loggerName").asText().equals(AccessLog.LOGGER)).toList();
    }

    /** The lines of the ingress chain and the error writer, encoded as the shipped logback.xml encodes them. */
    private List<JsonNode> ingressLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            String logger = event.getLoggerName();
            if (logger.startsWith("dev.eventgateway.ingress") || logger.startsWith("dev.eventgateway.http")
                    || logger.equals(AccessLog.LOGGER)) {
                lines.add(encode(event));
            }
        }
        return lines;
    }

    private static JsonNode encode(ILoggingEvent event) {
        try {
            return EventJson.MAPPER.readTree(new String(SHIPPED.encode(event), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The encoder of src/main/resources/logback.xml (the tests themselves log through logback-test.xml). */
    private static final Encoder<ILoggingEvent> SHIPPED = shippedEncoder();

    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> shippedEncoder() {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(IngressLogTest.class.getResource("/logback.xml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var appender = (ConsoleAppender<ILoggingEvent>) context.getLogger("ROOT").getAppender("STDOUT");
        return appender.getEncoder();
    }
}
