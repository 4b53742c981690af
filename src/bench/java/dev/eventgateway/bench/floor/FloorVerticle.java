package dev.eventgateway.bench.floor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor's request path, and nothing else: find the webhook by path, bound the body, HMAC-check the raw bytes,
 * parse the JSON once (a full streaming pass: it validates without building a tree), produce one record with the
 * body, answer 200 when Kafka acknowledged it. One instance per event loop; not thread-safe.
 */
final class FloorVerticle extends VerticleBase {

    private static final String PATH_PREFIX = "/webhooks/";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] OK = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private final FloorSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final Map<String, FloorWebhook> webhooks = new HashMap<>();

    FloorVerticle(FloorSettings settings, Producer<byte[], byte[]> producer) {
        this.settings = settings;
        this.producer = producer;
    }

    @Override
    public Future<?> start() {
        // each instance keys its own Macs: they are reused across requests, so they must not be shared
        for (List<String> w : settings.webhooks()) {
            webhooks.put(w.get(0), new FloorWebhook(w.get(0), w.get(1), w.get(2), w.get(3)));
        }
        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(settings.host())
                        .setPort(settings.port())
                        .setCompressionSupported(false))
                .requestHandler(this::handle)
                .listen();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        FloorWebhook webhook = request.method() == HttpMethod.POST && path.startsWith(PATH_PREFIX)
                ? webhooks.get(path.substring(PATH_PREFIX.length())) : null;
        if (webhook == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && Long.parseLong(length) > settings.maxBodyBytes()) {
            request.response().setStatusCode(413).putHeader("Connection", "close").end();
            return;
        }
        String signature = request.getHeader(webhook.header());
        Context context = vertx.getOrCreateContext();
        request.body().onSuccess(body -> {
            byte[] bytes = body.getBytes();
            if (!webhook.verify(bytes, signature)) {
                request.response().setStatusCode(401).end();
                return;
            }
            if (!wellFormed(bytes)) {
                request.response().setStatusCode(400).end();
                return;
            }
            byte[] key = settings.keyByWebhook() ? webhook.key() : null;
            if (settings.secondTopic() == null) {
                producer.send(new ProducerRecord<>(settings.topic(), key, bytes), (metadata, error) ->
                        context.runOnContext(v -> answer(request, error)));
                return;
            }
            // the design's shape: the raw record keyed by webhook, and a record keyed per request (the signature
            // differs for every body), spread over the partitions as the gateway's per-conversation keys are
            AtomicInteger pending = new AtomicInteger(2);
            AtomicReference<Exception> failure = new AtomicReference<>();
            Callback both = (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                if (pending.decrementAndGet() == 0) {
                    context.runOnContext(v -> answer(request, failure.get()));
                }
            };
            producer.send(new ProducerRecord<>(settings.topic(), webhook.key(), bytes), both);
            producer.send(new ProducerRecord<>(settings.secondTopic(), signature.getBytes(StandardCharsets.UTF_8),
                    bytes), both);
        });
    }

    private static void answer(HttpServerRequest request, Exception error) {
        if (error != null) {
            request.response().setStatusCode(503).putHeader("Retry-After", "5").end();
        } else {
            request.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(OK));
        }
    }

    private static boolean wellFormed(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            while (parser.nextToken() != null) {
                // every token read: the whole body is validated
            }
            return true;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
