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
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.SpoolFullException;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingress chain on a real router and port, with a capturing publisher in place of Kafka. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class IngressRoutesTest {

    private static final String SECRET = "whats91-signing-secret";
    private static final String TOKEN = "crm-token";
    private static final byte[] TEXT_EVENT = """
            {"event":"message.inbound.text","webhookUid":"wh_w91","senderId":"916268662275",\
            "data":{"from":"919888888888","messageId":"wamid.HBgMOTE5","text":"I need help with my order",\
            "timestamp":"2026-06-05T10:30:00.000Z"}}""".getBytes(StandardCharsets.UTF_8);

    private final List<IngressBatch> published = new CopyOnWriteArrayList<>();
    private Function<IngressBatch, Future<Void>> kafka = batch -> Future.succeededFuture();
    /** The spool: none unless a test sets one. */
    private Spool spool = Spool.NONE;
    private final List<IngressBatch> spooled = new CopyOnWriteArrayList<>();
    private final WebhookRegistry registry = new WebhookRegistry();
    private HttpServer server;
    private WebClient client;
    private Vertx vertx;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        this.vertx = vertx;
        registry.replaceAll(List.of(
                whats91("wh_w91").build(),
                whats91("wh_other").signingSecret(Secret.ofNullable("another-secret")).build(),
                whats91("wh_off").status(Webhook.Status.INACTIVE).build(),
                whats91("wh_limited").rateLimit(new RateLimit(0.001, 1)).build(),
                whats91("wh_office").allowedIps(List.of(Cidr.parse("10.20.0.0/16"))).build()));
        GatewayConfig config = ConfigLoader.load(Path.of("target"), Map.of(
                "GATEWAY_INGRESS_MAX_BODY_BYTES", "2048",
                "GATEWAY_INGRESS_PUBLISH_TIMEOUT", "300ms",
                "GATEWAY_INGRESS_MAX_IN_FLIGHT", "2",
                "GATEWAY_INGRESS_MAX_IN_FLIGHT_BYTES", "3000"));
        EventPublisher publisher = EventPublisher.withSpool(batch -> {
            published.add(batch);
            return kafka.apply(batch);
        }, new Spool() {
            @Override
            public boolean enabled() {
                return spool.enabled();
            }

            @Override
            public boolean active() {
                return spool.active();
            }

            @Override
            public Future<Void> write(IngressBatch batch) {
                return spool.write(batch).onSuccess(v -> spooled.add(batch));
            }
        });
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
        client.close();
    }

    private static Webhook.Builder whats91(String uid) {
        return Webhook.builder(uid, Whats91Adapter.NAME)
                .senderId("916268662275")
                .signingSecret(Secret.ofNullable(SECRET))
                .verificationToken(Secret.ofNullable(TOKEN));
    }

    private HttpRequest<Buffer> post(String uid) {
        return client.post(server.actualPort(), "127.0.0.1", "/webhooks/" + uid)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-CRM-Webhook-Token", TOKEN);
    }

    private Future<HttpResponse<Buffer>> postSigned(String uid, byte[] body, String secret) {
        return post(uid)
                .putHeader("X-Whats91-Signature", Signatures.hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), body))
                .sendBuffer(Buffer.buffer(body));
    }

    private static void assertError(HttpResponse<Buffer> resp, int status, String code) {
        assertThat(resp.statusCode()).isEqualTo(status);
        assertThat(resp.getHeader("X-Request-Id")).isNotBlank();
        var body = resp.bodyAsJsonObject();
        assertThat(body.getBoolean("success")).isFalse();
        assertThat(body.getString("error_code")).isEqualTo(code);
        assertThat(body.getJsonObject("metadata").getString("apiVersion")).isEqualTo("v2");
        assertThat(body.getJsonObject("metadata").getString("requestId")).isEqualTo(resp.getHeader("X-Request-Id"));
    }

    @Test
    void acceptsSignedRequestOnlyAfterItIsPublished(VertxTestContext ctx) {
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            var body = resp.bodyAsJsonObject();
            assertThat(body.getBoolean("success")).isTrue();
            assertThat(body.getInteger("accepted")).isEqualTo(1);
            assertThat(published).singleElement().satisfies(batch -> {
                assertThat(batch.body()).isEqualTo(TEXT_EVENT);
                assertThat(batch.events()).singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("message.inbound.text");
                    assertThat(body.getJsonArray("eventIds").getString(0)).isEqualTo(e.id());
                });
                assertThat(batch.safeHeaders()).doesNotContainKey("x-crm-webhook-token");
            });
            ctx.completeNow();
        })));
    }

    @Test
    void rejectsTamperedBodyAndPublishesNothing(VertxTestContext ctx) {
        String signature = Signatures.hmacSha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), TEXT_EVENT);
        byte[] tampered = new String(TEXT_EVENT, StandardCharsets.UTF_8).replace("help", "HELP")
                .getBytes(StandardCharsets.UTF_8);
        post("wh_w91").putHeader("X-Whats91-Signature", signature).sendBuffer(Buffer.buffer(tampered))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 401, "UNAUTHORIZED");
                    assertThat(published).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void rejectsRequestReplayedToAnotherWebhook(VertxTestContext ctx) {
        postSigned("wh_other", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 401, "UNAUTHORIZED");
            assertThat(published).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    void rejectsMissingToken(VertxTestContext ctx) {
        client.post(server.actualPort(), "127.0.0.1", "/webhooks/wh_w91")
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Whats91-Signature", Signatures.hmacSha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), TEXT_EVENT))
                .sendBuffer(Buffer.buffer(TEXT_EVENT))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 401, "UNAUTHORIZED");
                    assertThat(published).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownAndInactiveWebhooksAreNotFound(VertxTestContext ctx) {
        postSigned("wh_nope", TEXT_EVENT, SECRET)
                .compose(resp -> {
                    ctx.verify(() -> assertError(resp, 404, "NOT_FOUND"));
                    return postSigned("wh_off", TEXT_EVENT, SECRET);
                })
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 404, "NOT_FOUND");
                    assertThat(published).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesNonJsonContentType(VertxTestContext ctx) {
        client.post(server.actualPort(), "127.0.0.1", "/webhooks/wh_w91")
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer(TEXT_EVENT))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 415, "UNSUPPORTED_MEDIA_TYPE");
                    ctx.completeNow();
                })));
    }

    @Test
    void refusesOversizedBodyAndClosesTheConnection(VertxTestContext ctx) {
        byte[] big = new byte[4096];
        java.util.Arrays.fill(big, (byte) ' ');
        postSigned("wh_w91", big, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 413, "PAYLOAD_TOO_LARGE");
            assertThat(resp.getHeader("Connection")).isEqualToIgnoringCase("close");
            assertThat(published).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    void malformedJsonIsKeptMarkedInvalidThenInvalidPayload(VertxTestContext ctx) {
        byte[] body = "{\"event\":".getBytes(StandardCharsets.UTF_8);
        postSigned("wh_w91", body, SECRET)
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 400, "INVALID_PAYLOAD");
                    assertThat(resp.bodyAsString()).doesNotContain("Exception").doesNotContain("at com.");
                    assertThat(published).singleElement().satisfies(batch -> {
                        assertThat(batch.body()).isEqualTo(body);
                        assertThat(batch.events()).isEmpty();
                        assertThat(batch.invalidReason()).isEqualTo("body is not valid JSON");
                    });
                    ctx.completeNow();
                })));
    }

    @Test
    void jsonOfAnotherShapeIsKeptMarkedInvalidThenInvalidPayload(VertxTestContext ctx) {
        postSigned("wh_w91", "[1,2,3]".getBytes(StandardCharsets.UTF_8), SECRET)
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 400, "INVALID_PAYLOAD");
                    assertThat(published).singleElement().satisfies(batch -> {
                        assertThat(batch.events()).isEmpty();
                        assertThat(batch.invalidReason()).startsWith("not a whats91 payload");
                        assertThat(resp.bodyAsJsonObject().getString("message")).isEqualTo(batch.invalidReason());
                    });
                    ctx.completeNow();
                })));
    }

    @Test
    void invalidPayloadThatCannotBeStoredIs503SoTheProviderRetries(VertxTestContext ctx) {
        kafka = batch -> Future.failedFuture(new NetworkException("broker down"));
        postSigned("wh_w91", "[1,2,3]".getBytes(StandardCharsets.UTF_8), SECRET)
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 503, "UNAVAILABLE");
                    assertThat(resp.getHeader("Retry-After")).isNotBlank();
                    ctx.completeNow();
                })));
    }

    @Test
    void unverifiedInvalidBodyIsNeverWritten(VertxTestContext ctx) {
        postSigned("wh_w91", "not json".getBytes(StandardCharsets.UTF_8), "not-the-secret")
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 401, "UNAUTHORIZED");
                    assertThat(published).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void rateLimitAnswers429WithRetryAfter(VertxTestContext ctx) {
        postSigned("wh_limited", TEXT_EVENT, SECRET)
                .compose(first -> {
                    ctx.verify(() -> assertThat(first.statusCode()).isEqualTo(200));
                    return postSigned("wh_limited", TEXT_EVENT, SECRET);
                })
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 429, "RATE_LIMITED");
                    assertThat(Integer.parseInt(resp.getHeader("Retry-After"))).isPositive();
                    assertThat(published).hasSize(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void addressOutsideAllowListIsForbidden(VertxTestContext ctx) {
        postSigned("wh_office", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 403, "FORBIDDEN");
            assertThat(published).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    void kafkaFailureIs503WithRetryAfter(VertxTestContext ctx) {
        kafka = batch -> Future.failedFuture(new NetworkException("broker down: 10.0.0.7:9092"));
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 503, "UNAVAILABLE");
            assertThat(resp.getHeader("Retry-After")).isEqualTo("5");
            assertThat(resp.bodyAsString()).doesNotContain("10.0.0.7").doesNotContain("broker down");
            ctx.completeNow();
        })));
    }

    /** A spool that is enabled, spools new requests when {@code active}, and writes with {@code write}. */
    private static Spool spool(boolean active, Function<IngressBatch, Future<Void>> write) {
        return new Spool() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public boolean active() {
                return active;
            }

            @Override
            public Future<Void> write(IngressBatch batch) {
                return write.apply(batch);
            }
        };
    }

    @Test
    void kafkaFailureWithASpoolIs200SpooledWithTheSameEvents(VertxTestContext ctx) {
        kafka = batch -> Future.failedFuture(new NetworkException("broker down"));
        spool = spool(false, batch -> Future.succeededFuture());
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            var body = resp.bodyAsJsonObject();
            assertThat(body.getBoolean("spooled")).isTrue();
            assertThat(published).hasSize(1);
            assertThat(spooled).singleElement().satisfies(batch -> {
                assertThat(batch.body()).isEqualTo(TEXT_EVENT);
                assertThat(batch.events()).extracting(e -> e.id())
                        .containsExactlyElementsOf(published.get(0).events().stream().map(e -> e.id()).toList())
                        .containsExactly(body.getJsonArray("eventIds").getString(0));
            });
            ctx.completeNow();
        })));
    }

    @Test
    void kafkaSlowerThanPublishTimeoutWithASpoolIs200Spooled(VertxTestContext ctx) {
        kafka = batch -> Promise.<Void>promise().future(); // never acknowledged
        spool = spool(false, batch -> Future.succeededFuture());
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.bodyAsJsonObject().getBoolean("spooled")).isTrue();
            assertThat(spooled).hasSize(1);
            ctx.completeNow();
        })));
    }

    @Test
    void whileTheSpoolHoldsRequestsNewOnesGoToItWithoutAskingKafka(VertxTestContext ctx) {
        spool = spool(true, batch -> Future.succeededFuture());
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.bodyAsJsonObject().getBoolean("spooled")).isTrue();
            assertThat(published).isEmpty();
            assertThat(spooled).hasSize(1);
            ctx.completeNow();
        })));
    }

    @Test
    void kafkaAndTheSpoolBothFailingIs503Unavailable(VertxTestContext ctx) {
        kafka = batch -> Future.failedFuture(new NetworkException("broker down"));
        spool = spool(false, batch -> Future.failedFuture(new IllegalStateException("connection refused")));
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 503, "UNAVAILABLE");
            assertThat(resp.getHeader("Retry-After")).isEqualTo("5");
            assertThat(resp.bodyAsString()).doesNotContain("connection refused");
            ctx.completeNow();
        })));
    }

    @Test
    void kafkaFailingAndTheSpoolFullIs503Overloaded(VertxTestContext ctx) {
        kafka = batch -> Future.failedFuture(new NetworkException("broker down"));
        spool = spool(false, batch -> Future.failedFuture(new SpoolFullException(2048, 1024)));
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 503, "OVERLOADED");
            assertThat(resp.getHeader("Retry-After")).isEqualTo("5");
            ctx.completeNow();
        })));
    }

    @Test
    void kafkaSlowerThanPublishTimeoutIs503(VertxTestContext ctx) {
        kafka = batch -> Promise.<Void>promise().future(); // never acknowledged
        postSigned("wh_w91", TEXT_EVENT, SECRET).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertError(resp, 503, "UNAVAILABLE");
            ctx.completeNow();
        })));
    }

    @Test
    void requestsBeyondMaxInFlightAreShedWith503Overloaded(VertxTestContext ctx) {
        List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
        kafka = batch -> {
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        };
        // two requests wait for Kafka (the cap is 2), the third is shed at once
        postSigned("wh_w91", TEXT_EVENT, SECRET);
        postSigned("wh_w91", TEXT_EVENT, SECRET);
        waitFor(() -> pending.size() == 2).compose(v -> postSigned("wh_w91", TEXT_EVENT, SECRET))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 503, "OVERLOADED");
                    assertThat(resp.getHeader("Retry-After")).isNotBlank();
                    pending.forEach(Promise::tryComplete);
                    ctx.completeNow();
                })));
    }

    @Test
    void bodyBytesBeyondMaxInFlightBytesAreShedWith503OverloadedUntilReleased(VertxTestContext ctx) {
        List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
        kafka = batch -> {
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        };
        byte[] large = textEvent("x".repeat(1800));
        assertThat(large.length).isBetween(1501, 2048);
        // one large body waits for Kafka; a second would take the bytes in flight past 3000, though the count (2) allows it
        postSigned("wh_w91", large, SECRET);
        waitFor(() -> pending.size() == 1).compose(v -> postSigned("wh_w91", large, SECRET))
                .compose(shed -> {
                    ctx.verify(() -> {
                        assertError(shed, 503, "OVERLOADED");
                        assertThat(shed.getHeader("Retry-After")).isEqualTo("5");
                    });
                    kafka = batch -> Future.succeededFuture();
                    pending.forEach(Promise::tryComplete);
                    return waitFor(() -> published.size() == 1).compose(v -> postSigned("wh_w91", large, SECRET));
                })
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertThat(resp.statusCode()).as("the first body's bytes were released").isEqualTo(200);
                    ctx.completeNow();
                })));
    }

    @Test
    void chunkedBodyReservesTheBodyLimitUntilRead(VertxTestContext ctx) {
        List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
        kafka = batch -> {
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        };
        byte[] medium = textEvent("x".repeat(800));
        postSigned("wh_w91", medium, SECRET);
        // ~1,000 bytes in flight: a chunked body of unknown length reserves the whole 2048-byte limit → past 3000
        io.vertx.core.http.HttpClient http = vertx.createHttpClient();
        waitFor(() -> pending.size() == 1)
                .compose(v -> http.request(io.vertx.core.http.HttpMethod.POST, server.actualPort(), "127.0.0.1",
                        "/webhooks/wh_w91"))
                .compose(request -> {
                    request.putHeader("Content-Type", "application/json")
                            .putHeader("X-CRM-Webhook-Token", TOKEN)
                            .putHeader("X-Whats91-Signature",
                                    Signatures.hmacSha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), TEXT_EVENT))
                            .setChunked(true);
                    request.write(Buffer.buffer(TEXT_EVENT)); // never ended: the answer comes before the body
                    return request.response();
                })
                .compose(resp -> resp.body().map(body -> {
                    ctx.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(503);
                        assertThat(body.toJsonObject().getString("error_code")).isEqualTo("OVERLOADED");
                    });
                    return body;
                }))
                .onComplete(ctx.succeeding(body -> {
                    pending.forEach(Promise::tryComplete);
                    http.close();
                    ctx.completeNow();
                }));
    }

    private static byte[] textEvent(String text) {
        return new String(TEXT_EVENT, StandardCharsets.UTF_8).replace("I need help with my order", text)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unknownRouteGetsTheEnvelope(VertxTestContext ctx) {
        client.get(server.actualPort(), "127.0.0.1", "/nowhere").send()
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertError(resp, 404, "NOT_FOUND");
                    ctx.completeNow();
                })));
    }

    @Test
    void callerRequestIdIsEchoed(VertxTestContext ctx) {
        post("wh_w91").putHeader("X-Request-Id", "req-123").putHeader("X-Whats91-Signature", "00")
                .sendBuffer(Buffer.buffer(TEXT_EVENT))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    assertThat(resp.getHeader("X-Request-Id")).isEqualTo("req-123");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("metadata").getString("requestId"))
                            .isEqualTo("req-123");
                    ctx.completeNow();
                })));
    }

    private Future<Void> waitFor(java.util.function.BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        vertx.setPeriodic(10, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }
}
