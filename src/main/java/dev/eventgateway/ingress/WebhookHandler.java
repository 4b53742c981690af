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
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Step 6, for a verified body: parse once, normalize into canonical events, publish the raw request and every event,
 * and answer 200 only when Kafka acknowledged all of them, or the spool took them ({@link SpoolFallback}). Large
 * bodies are parsed, normalized and handed to the producer on a bounded worker pool ({@link #OFF_LOOP_BYTES}), so that
 * a batch of a thousand updates does not hold up the other requests of its event loop; the answer is written on the
 * request's context either way. Not acknowledged within {@code publishTimeout} and not spooled → 503: the provider
 * retries, and deterministic ids make the retry collapse downstream.
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

    /**
     * Bodies of this size and more are parsed, normalized and handed to the producer on a worker thread rather than
     * the event loop: a Meta batch of a hundred updates is about this size, and the cost grows with it.
     */
    static final int OFF_LOOP_BYTES = 64 * 1024;
    /** The name of the worker pool for large bodies. */
    static final String NORMALIZERS = "gateway-ingress-normalize";

    private final Providers providers;
    private final EventPublisher publisher;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final Duration publishTimeout;
    private final int retryAfterSeconds;
    private final Clock clock;
    /** Created on first use, on this handler's event loop (one router, so one loop, per verticle). */
    private WorkerExecutor normalizers;

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
        byte[] body = IngressContext.body(ctx);
        // everything the records need from the request, read here on its event loop: what follows may run elsewhere
        IngressBatch request = new IngressBatch(IngressContext.webhook(ctx), RequestIds.of(ctx), clock.instant(),
                body == null ? new byte[0] : body, ctx.request().getHeader("Content-Type"),
                safeHeaders(ctx.request().headers(), IngressContext.clientAddress(ctx)),
                IngressTracing.traceparent(ctx), List.of(), null);
        if (request.body().length < OFF_LOOP_BYTES) {
            answer(ctx, handOver(request));
            return;
        }
        // a large body (a batch of hundreds of updates) is parsed, normalized and turned into records on a worker:
        // tens of milliseconds of work that would hold up every other request of this event loop. The answer comes
        // back on the request's context; the byte budget (AdmissionHandler) bounds how many wait for a worker.
        normalizers(ctx).executeBlocking(() -> handOver(request), false).onComplete(done -> {
            if (done.succeeded()) {
                answer(ctx, done.result());
            } else {
                ctx.fail(done.cause());
            }
        });
    }

    /** The worker pool for large bodies: one per process (shared by name), bounded by the CPU count. */
    private WorkerExecutor normalizers(RoutingContext ctx) {
        if (normalizers == null) {
            normalizers = ctx.vertx().createSharedWorkerExecutor(NORMALIZERS,
                    Math.max(2, Runtime.getRuntime().availableProcessors()));
        }
        return normalizers;
    }

    /**
     * Parses and normalizes the body and hands its records to the producer. Touches no request state, so it runs on
     * the event loop or on a worker alike. A verified body that is no payload of its provider is handed over alone,
     * marked invalid.
     */
    private HandedOver handOver(IngressBatch request) {
        IngressBatch batch = normalize(request);
        Webhook webhook = batch.webhook();
        // the answer needs only the ids: the parsed payload and the events (the batch) are garbage once the records
        // are in the producer's buffer, so nothing after this holds on to the batch while Kafka acknowledges
        JsonArray ids = new JsonArray(new ArrayList<>(batch.events().size()));
        int unrouted = 0;
        for (WebhookEvent e : batch.events()) {
            ids.add(e.id());
            if (TopicRouter.unrouted(e, webhook)) {
                unrouted++;
            }
        }
        long started = System.nanoTime();
        // while the spool holds anything, new requests join it rather than overtake it in Kafka (DESIGN §3)
        boolean toSpool = spool.active();
        return new HandedOver(request, batch.invalidReason(), ids, unrouted, started, toSpool ? batch : null,
                toSpool ? null : publisher.publish(batch));
    }

    /** The request's batch with its events (or its reason for being invalid); pure, so it runs on any thread. */
    private IngressBatch normalize(IngressBatch request) {
        Webhook webhook = request.webhook();
        List<WebhookEvent> events = List.of();
        String invalid = null;
        try {
            JsonNode payload = request.body().length == 0 ? null : Payloads.parse(request.body());
            if (payload == null || payload.isMissingNode()) {
                invalid = "empty body";
            } else {
                events = providers.get(webhook.provider()).normalize(webhook, payload, request.receivedAt());
            }
        } catch (JacksonException e) {
            invalid = "body is not valid JSON";
        } catch (InvalidPayloadException e) {
            invalid = "not a " + webhook.provider() + " payload: " + e.getMessage();
        } catch (IOException e) {
            invalid = "body could not be read";
        }
        return new IngressBatch(webhook, request.requestId(), request.receivedAt(), request.body(),
                request.contentType(), request.safeHeaders(), request.traceparent(), events, invalid);
    }

    /**
     * What the answer needs of a request whose records were handed to the producer, or are to be spooled.
     *
     * @param request the request without its events: normalized again only if Kafka fails and the batch is spooled
     * @param started when they were (System.nanoTime), for the publish latency
     * @param spooled the batch, when it goes to the spool without trying Kafka; else null
     * @param acked Kafka's acknowledgement; null when spooled
     */
    private record HandedOver(IngressBatch request, String invalidReason, JsonArray ids, int unrouted, long started,
                              IngressBatch spooled, Future<Void> acked) {
        Webhook webhook() {
            return request.webhook();
        }

        String requestId() {
            return request.requestId();
        }
    }

    /** On the request's event loop: 200 with the event ids once Kafka acknowledged every record, else the error. */
    private void answer(RoutingContext ctx, HandedOver handed) {
        IngressTracing.events(ctx, handed.ids().size());
        Future<Void> outcome = handed.acked() == null
                ? SpoolFallback.spool(ctx, spool, handed.spooled())
                : SpoolFallback.orSpool(ctx, spool, withTimeout(ctx, handed), () -> normalize(handed.request()));
        Webhook webhook = handed.webhook();
        if (handed.invalidReason() != null) {
            keepInvalid(ctx, handed, outcome);
            return;
        }
        outcome.onComplete(done -> {
            if (done.failed()) {
                LogFields.request(LOG.atWarn(), ctx).log("publish failed [requestId: {}, webhook: {}, events: {}, "
                        + "cause: {}]", handed.requestId(), webhook.uid(), handed.ids().size(),
                        String.valueOf(done.cause()));
                ctx.fail(PublishAnswers.toApiException(done.cause(), retryAfterSeconds));
                return;
            }
            metrics.ingressEvents(webhook.uid(), webhook.provider(), handed.ids().size());
            JsonObject answer = new JsonObject().put("success", true).put("accepted", handed.ids().size())
                    .put("unrouted", handed.unrouted()).put("eventIds", handed.ids());
            if (SpoolFallback.spooled(ctx)) {
                answer.put("spooled", true); // in the spool, on its way to Kafka in order (DESIGN §8)
            }
            ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(answer.toBuffer());
        });
    }

    /** The raw record alone, marked invalid; then 400, or 503 when even that could not be stored (so it comes again). */
    private void keepInvalid(RoutingContext ctx, HandedOver handed, Future<Void> outcome) {
        outcome.onComplete(done -> {
            if (done.failed()) {
                LogFields.request(LOG.atWarn(), ctx).log("publish of an invalid payload failed [requestId: {}, "
                        + "webhook: {}, cause: {}]", handed.requestId(), handed.webhook().uid(),
                        String.valueOf(done.cause()));
                ctx.fail(PublishAnswers.toApiException(done.cause(), retryAfterSeconds));
                return;
            }
            LogFields.request(LOG.atInfo(), ctx).log("verified body is no {} payload, kept on the raw topic "
                    + "[requestId: {}, webhook: {}, reason: {}]", handed.webhook().provider(), handed.requestId(),
                    handed.webhook().uid(), handed.invalidReason());
            ctx.fail(ApiException.invalidPayload(handed.invalidReason()));
        });
    }

    /**
     * The hand-over's acknowledgement, failing with a TimeoutException when Kafka has not acknowledged it
     * {@code publishTimeout} after the records were handed to the producer (normalizing and writing a large batch's
     * records is not Kafka's time). The timeout is a timer of this event loop (Future.timeout on a context-less future
     * would schedule and cancel it on a global executor thread, two cross-thread hops per request).
     */
    private Future<Void> withTimeout(RoutingContext ctx, HandedOver handed) {
        Promise<Void> outcome = Promise.promise();
        long timer = ctx.vertx().setTimer(publishTimeout.toMillis(), id -> outcome.tryFail(
                new TimeoutException("not acknowledged within " + publishTimeout.toMillis() + " ms")));
        handed.acked().onComplete(ar -> {
            ctx.vertx().cancelTimer(timer);
            if (ar.succeeded()) {
                outcome.tryComplete();
            } else {
                outcome.tryFail(ar.cause());
            }
        });
        return outcome.future().onComplete(done -> metrics.publishLatency(done.succeeded() ? "acked" : "failed",
                Duration.ofNanos(System.nanoTime() - handed.started())));
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
