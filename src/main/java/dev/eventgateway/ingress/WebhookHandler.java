package dev.eventgateway.ingress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.RequestIds;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.publish.PublishFailures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Step 6, for a verified body: parse once, normalize into canonical events, publish the raw request and every event,
 * and answer 200 only when Kafka acknowledged all of them. Not acknowledged within {@code publishTimeout} → 503:
 * the provider retries, and deterministic ids make the retry collapse downstream.
 */
final class WebhookHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    /** Request headers worth keeping with the raw request; tokens and Authorization never are. */
    private static final List<String> SAFE_HEADERS = List.of("content-type", "user-agent", "x-request-id",
            "x-hub-signature-256", "x-whats91-signature", "x-webhook-signature", "x-forwarded-for");

    private final Providers providers;
    private final EventPublisher publisher;
    private final GatewayMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock;

    WebhookHandler(Providers providers, EventPublisher publisher, GatewayMetrics metrics, Duration publishTimeout,
                   int retryAfterSeconds, Clock clock) {
        this.providers = providers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        Instant receivedAt = clock.instant();
        byte[] body = IngressContext.body(ctx);
        if (body == null || body.length == 0) {
            ctx.fail(ApiException.invalidPayload("empty body"));
            return;
        }
        List<WebhookEvent> events;
        try {
            JsonNode payload = EventJson.MAPPER.readTree(body);
            if (payload == null || payload.isMissingNode()) {
                throw new InvalidPayloadException("empty body");
            }
            events = providers.get(webhook.provider()).normalize(webhook, payload, receivedAt);
        } catch (JacksonException e) {
            ctx.fail(ApiException.invalidPayload("body is not valid JSON"));
            return;
        } catch (InvalidPayloadException e) {
            ctx.fail(ApiException.invalidPayload("not a " + webhook.provider() + " payload: " + e.getMessage()));
            return;
        } catch (IOException e) {
            ctx.fail(ApiException.invalidPayload("body could not be read"));
            return;
        }

        String requestId = RequestIds.of(ctx);
        IngressBatch batch = new IngressBatch(webhook, requestId, receivedAt, body,
                ctx.request().getHeader("Content-Type"), safeHeaders(ctx.request().headers(),
                        IngressContext.clientAddress(ctx)),
                ctx.request().getHeader("traceparent"), events);
        long started = System.nanoTime();
        // the timeout as a timer of this event loop (Future.timeout on a context-less future would schedule and
        // cancel it on a global executor thread, two cross-thread hops per request)
        Promise<Void> outcome = Promise.promise();
        long timer = ctx.vertx().setTimer(publishTimeout.toMillis(), id -> outcome.tryFail(
                new TimeoutException("not acknowledged within " + publishTimeout.toMillis() + " ms")));
        publisher.publish(batch).onComplete(ar -> {
            ctx.vertx().cancelTimer(timer);
            if (ar.succeeded()) {
                outcome.tryComplete();
            } else {
                outcome.tryFail(ar.cause());
            }
        });
        outcome.future()
                .onComplete(done -> {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    metrics.publishLatency(done.succeeded() ? "acked" : "failed", elapsed);
                    if (done.failed()) {
                        LOG.warn("publish failed [requestId: {}, webhook: {}, events: {}, cause: {}]", requestId,
                                webhook.uid(), events.size(), String.valueOf(done.cause()));
                        ctx.fail(PublishFailures.toApiException(done.cause(), retryAfterSeconds));
                        return;
                    }
                    metrics.ingressEvents(webhook.uid(), webhook.provider(), events.size());
                    ctx.response()
                            .putHeader("Content-Type", "application/json")
                            .end(accepted(events).toBuffer());
                });
    }

    private static JsonObject accepted(List<WebhookEvent> events) {
        JsonArray ids = new JsonArray();
        events.forEach(e -> ids.add(e.id()));
        return new JsonObject().put("success", true).put("accepted", events.size()).put("eventIds", ids);
    }

    /** Looked up by name (case-insensitive) rather than by lower-casing every header the request has. */
    private static Map<String, String> safeHeaders(MultiMap headers, String clientAddress) {
        Map<String, String> out = new LinkedHashMap<>();
        if (clientAddress != null) {
            out.put("client-address", clientAddress); // after trusted proxies (ClientAddressHandler)
        }
        for (String name : SAFE_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }
}
