package dev.eventgateway.ingress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.LogFields;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.publish.EventPublisher;
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Step 6, for a verified body: parse once, normalize into canonical events, publish the raw request and every event,
 * and answer 200 only when Kafka acknowledged all of them, or the spool took them ({@link SpoolFallback}). Not
 * acknowledged within {@code publishTimeout} and not spooled → 503: the provider retries, and deterministic ids make
 * the retry collapse downstream.
 * <p>
 * A verified body that is not JSON, or not the provider's envelope, was still sent by the provider: it is written to
 * the raw topic marked invalid ({@link EventHeaders#INVALID}, with the reason) before the 400, so that {@code replay}
 * can recover it once a normalizer reads it. Only a request that failed verification is never written.
 */
final class WebhookHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    /** Request headers worth keeping with the raw request; tokens and Authorization never are. */
    private static final List<String> SAFE_HEADERS = List.of("content-type", "user-agent", "x-request-id",
            "x-hub-signature-256", "x-whats91-signature", "x-webhook-signature", "x-forwarded-for");

    private final Providers providers;
    private final EventPublisher publisher;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock;

    WebhookHandler(Providers providers, EventPublisher publisher, GatewayMetrics metrics, Duration publishTimeout,
                   int retryAfterSeconds, Clock clock) {
        this.providers = providers;
        this.publisher = publisher;
        this.spool = publisher.spool();
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.retryAfterSeconds = retryAfterSeconds;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Webhook webhook = IngressContext.webhook(ctx);
        Instant receivedAt = clock.instant();
        IngressBatch batch = batch(ctx, webhook, receivedAt);
        IngressTracing.events(ctx, batch.events().size());
        // built anew (the same records: ids are deterministic) only if Kafka fails and the batch is spooled
        Supplier<IngressBatch> again = () -> batch(ctx, webhook, receivedAt);
        if (batch.invalidReason() != null) {
            keepInvalid(ctx, batch, again);
        } else {
            publishEvents(ctx, batch, again);
        }
    }

    private IngressBatch batch(RoutingContext ctx, Webhook webhook, Instant receivedAt) {
        byte[] body = IngressContext.body(ctx);
        List<WebhookEvent> events = null;
        String invalid = null;
        try {
            JsonNode payload = body == null || body.length == 0 ? null : Payloads.parse(body);
            if (payload == null || payload.isMissingNode()) {
                invalid = "empty body";
            } else {
                events = providers.get(webhook.provider()).normalize(webhook, payload, receivedAt);
            }
        } catch (JacksonException e) {
            invalid = "body is not valid JSON";
        } catch (InvalidPayloadException e) {
            invalid = "not a " + webhook.provider() + " payload: " + e.getMessage();
        } catch (IOException e) {
            invalid = "body could not be read";
        }
        return new IngressBatch(webhook, RequestIds.of(ctx), receivedAt,
                body == null ? new byte[0] : body, ctx.request().getHeader("Content-Type"),
                safeHeaders(ctx.request().headers(), IngressContext.clientAddress(ctx)), IngressTracing.traceparent(ctx),
                events == null ? List.of() : events, invalid);
    }

    private void publishEvents(RoutingContext ctx, IngressBatch batch, Supplier<IngressBatch> again) {
        Webhook webhook = batch.webhook();
        String requestId = batch.requestId();
        // the answer needs only the ids: the parsed payload and the events (the batch) are garbage once the records
        // are in the producer's buffer, so nothing below holds on to the batch while Kafka acknowledges
        JsonArray ids = new JsonArray(new ArrayList<>(batch.events().size()));
        int unrouted = 0;
        for (WebhookEvent e : batch.events()) {
            ids.add(e.id());
            if (TopicRouter.unrouted(e, webhook)) {
                unrouted++;
            }
        }
        int unroutedCount = unrouted;
        SpoolFallback.publish(ctx, spool, batch, again, b -> publish(ctx, b)).onComplete(done -> {
            if (done.failed()) {
                LogFields.request(LOG.atWarn(), ctx).log("publish failed [requestId: {}, webhook: {}, events: {}, "
                        + "cause: {}]", requestId, webhook.uid(), ids.size(), String.valueOf(done.cause()));
                ctx.fail(PublishAnswers.toApiException(done.cause(), retryAfterSeconds));
                return;
            }
            metrics.ingressEvents(webhook.uid(), webhook.provider(), ids.size());
            JsonObject answer = new JsonObject().put("success", true).put("accepted", ids.size())
                    .put("unrouted", unroutedCount).put("eventIds", ids);
            if (SpoolFallback.spooled(ctx)) {
                answer.put("spooled", true); // in the spool, on its way to Kafka in order (DESIGN §8)
            }
            ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(answer.toBuffer());
        });
    }

    /** The raw record alone, marked invalid; then 400, or 503 when even that could not be stored (so it comes again). */
    private void keepInvalid(RoutingContext ctx, IngressBatch batch, Supplier<IngressBatch> again) {
        SpoolFallback.publish(ctx, spool, batch, again, b -> publish(ctx, b)).onComplete(done -> {
            if (done.failed()) {
                LogFields.request(LOG.atWarn(), ctx).log("publish of an invalid payload failed [requestId: {}, "
                        + "webhook: {}, cause: {}]", batch.requestId(), batch.webhook().uid(), String.valueOf(done.cause()));
                ctx.fail(PublishAnswers.toApiException(done.cause(), retryAfterSeconds));
                return;
            }
            LogFields.request(LOG.atInfo(), ctx).log("verified body is no {} payload, kept on the raw topic "
                    + "[requestId: {}, webhook: {}, reason: {}]", batch.webhook().provider(), batch.requestId(),
                    batch.webhook().uid(), batch.invalidReason());
            ctx.fail(ApiException.invalidPayload(batch.invalidReason()));
        });
    }

    /**
     * Publishes the batch, failing with a TimeoutException when Kafka has not acknowledged it {@code publishTimeout}
     * after the records were handed to the producer (writing a large batch's records on this loop is not Kafka's
     * time). The timeout is a timer of this event loop (Future.timeout on a context-less future would schedule and
     * cancel it on a global executor thread, two cross-thread hops per request).
     */
    private Future<Void> publish(RoutingContext ctx, IngressBatch batch) {
        long started = System.nanoTime();
        Future<Void> acked = publisher.publish(batch);
        Promise<Void> outcome = Promise.promise();
        long timer = ctx.vertx().setTimer(publishTimeout.toMillis(), id -> outcome.tryFail(
                new TimeoutException("not acknowledged within " + publishTimeout.toMillis() + " ms")));
        acked.onComplete(ar -> {
            ctx.vertx().cancelTimer(timer);
            if (ar.succeeded()) {
                outcome.tryComplete();
            } else {
                outcome.tryFail(ar.cause());
            }
        });
        return outcome.future().onComplete(done -> metrics.publishLatency(done.succeeded() ? "acked" : "failed",
                Duration.ofNanos(System.nanoTime() - started)));
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
