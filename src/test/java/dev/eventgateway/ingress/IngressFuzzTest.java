package dev.eventgateway.ingress;

import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.support.EventContract;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never crashes or leaks (DESIGN §8): mutated provider bodies, correctly signed so they get past
 * verification, reach the parser and the normalizers. The only answers allowed are 200 and 400 with the envelope,
 * the normalizers throw nothing but {@link InvalidPayloadException}, and every event they still make follows its
 * schema ({@link EventContract}). Seeded, so a failure can be replayed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class IngressFuzzTest {

    private static final long SEED = 20261121L;
    private static final String[] SNIPPETS = {"null", "[]", "{}", "\"\"", "0", "-1e999", "\"\\ud800\"", "true",
            "{\"a\":", "]", "\"x\":1", "\u0000", "\uFEFF", "1".repeat(400), "[[[[[[[[[[", "\"wamid.\""};

    @Test
    void normalizersThrowNothingButInvalidPayloadOnMutatedJson() {
        Random random = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            String provider = Fixtures.PROVIDERS.get(random.nextInt(Fixtures.PROVIDERS.size()));
            List<String> fixtures = Fixtures.list(provider);
            byte[] body = mutate(Fixtures.bytes(fixtures.get(random.nextInt(fixtures.size()))), random);
            com.fasterxml.jackson.databind.JsonNode tree;
            try {
                tree = EventJson.MAPPER.readTree(body);
            } catch (Exception notJson) {
                continue;
            }
            if (tree == null) {
                continue;
            }
            parsed++;
            try {
                // whatever a mutated body still yields is an event record: it keeps the topics' contract
                Fixtures.adapter(provider).normalize(Fixtures.webhook(provider), tree, Fixtures.RECEIVED_AT)
                        .forEach(EventContract.get()::check);
            } catch (InvalidPayloadException expected) {
                // a shape the provider does not send: a 400 at the edge
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("iteration " + i + " (" + provider + "): "
                        + new String(body, StandardCharsets.UTF_8), e);
            }
        }
        System.out.println("fuzz: " + parsed + " of 20000 mutations still JSON");
        assertThat(parsed).as("mutations that are still JSON reach the normalizers").isGreaterThan(1_000);
    }

    @Test
    void signedMutatedRequestsGetOnly200Or400WithTheEnvelope(Vertx vertx, VertxTestContext ctx) {
        WebhookRegistry registry = new WebhookRegistry();
        List<Webhook> webhooks = Fixtures.PROVIDERS.stream().map(Fixtures::webhook).toList();
        registry.replaceAll(webhooks);
        var config = ConfigLoader.load(Path.of("target"), Map.of());
        var router = GatewayRouter.create(vertx, config, registry, Providers.standard(), batch -> Future.succeededFuture(),
                GatewayMetrics.create(), new Readiness(), new IngressLimits(), List.of(), Clock.systemUTC());
        WebClient client = WebClient.create(vertx);
        Random random = new Random(SEED);
        List<byte[]> bodies = new ArrayList<>();
        List<Webhook> targets = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Webhook webhook = webhooks.get(random.nextInt(webhooks.size()));
            List<String> fixtures = Fixtures.list(webhook.provider());
            bodies.add(mutate(Fixtures.bytes(fixtures.get(random.nextInt(fixtures.size()))), random));
            targets.add(webhook);
        }
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        vertx.createHttpServer().requestHandler(router).listen(0)
                .compose(server -> sendAll(client, server, bodies, targets, 0, ok, rejected))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(ok.get() + rejected.get()).isEqualTo(bodies.size());
                    assertThat(rejected.get()).as("some mutations break the shape").isPositive();
                    assertThat(ok.get()).as("some mutations keep it").isPositive();
                    ctx.completeNow();
                })));
    }

    /**
     * Sends the bodies one after another. Each answer starts the next request from its own callback, and only the
     * last one completes the returned future: chaining 2,000 {@code compose} calls instead would unwind them all on
     * one stack when the chain completes, and overflow it.
     */
    private Future<Void> sendAll(WebClient client, HttpServer server, List<byte[]> bodies, List<Webhook> targets,
                                 int first, AtomicInteger ok, AtomicInteger rejected) {
        Promise<Void> done = Promise.promise();
        sendFrom(client, server, bodies, targets, first, ok, rejected, done);
        return done.future();
    }

    private void sendFrom(WebClient client, HttpServer server, List<byte[]> bodies, List<Webhook> targets,
                          int i, AtomicInteger ok, AtomicInteger rejected, Promise<Void> done) {
        if (i == bodies.size()) {
            done.complete();
            return;
        }
        byte[] body = bodies.get(i);
        var request = client.post(server.actualPort(), "127.0.0.1", "/webhooks/" + targets.get(i).uid())
                .timeout(5000);
        Fixtures.headers(targets.get(i), body).forEach(h -> request.putHeader(h.getKey(), h.getValue()));
        request.sendBuffer(Buffer.buffer(body)).onComplete(answer -> {
            if (answer.failed()) {
                done.fail(new AssertionError("no answer to request " + i + ": "
                        + new String(body, StandardCharsets.UTF_8), answer.cause()));
                return;
            }
            try {
                check(answer.result(), body, ok, rejected);
            } catch (Throwable failure) {
                done.fail(failure);
                return;
            }
            sendFrom(client, server, bodies, targets, i + 1, ok, rejected, done);
        });
    }

    private static void check(HttpResponse<Buffer> resp, byte[] body, AtomicInteger ok, AtomicInteger rejected) {
        String what = resp.statusCode() + " for " + new String(body, StandardCharsets.UTF_8);
        if (resp.statusCode() == 200) {
            ok.incrementAndGet();
            return;
        }
        assertThat(resp.statusCode()).as(what).isEqualTo(400);
        assertThat(resp.bodyAsJsonObject().getString("error_code")).as(what).isEqualTo("INVALID_PAYLOAD");
        assertThat(resp.bodyAsString()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        rejected.incrementAndGet();
    }

    /** One to three random edits: byte flips, cuts, duplications, splices of JSON snippets. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] body = original;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && body.length > 1; e++) {
            int at = random.nextInt(body.length);
            body = switch (random.nextInt(5)) {
                case 0 -> flip(body, at, random);
                case 1 -> java.util.Arrays.copyOf(body, at);
                case 2 -> splice(body, at, body, random.nextInt(body.length), random.nextInt(32));
                case 3 -> splice(body, at, SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(StandardCharsets.UTF_8),
                        0, Integer.MAX_VALUE);
                default -> remove(body, at, 1 + random.nextInt(16));
            };
        }
        return body;
    }

    private static byte[] flip(byte[] body, int at, Random random) {
        byte[] out = body.clone();
        out[at] = (byte) random.nextInt(256);
        return out;
    }

    private static byte[] splice(byte[] body, int at, byte[] source, int from, int length) {
        int n = Math.min(length, source.length - from);
        byte[] out = new byte[body.length + n];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(source, from, out, at, n);
        System.arraycopy(body, at, out, at + n, body.length - at);
        return out;
    }

    private static byte[] remove(byte[] body, int at, int length) {
        int n = Math.min(length, body.length - at);
        byte[] out = new byte[body.length - n];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(body, at + n, out, at, body.length - at - n);
        return out;
    }
}
