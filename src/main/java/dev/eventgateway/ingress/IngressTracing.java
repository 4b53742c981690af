package dev.eventgateway.ingress;

import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.webhook.Webhook;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Locale;

/**
 * The server span of an ingress request (DESIGN §7): started before any check, continuing the provider's trace when
 * it sent a W3C {@code traceparent}, ended when the answer is written. Its attributes name the webhook, the provider,
 * the outcome and the number of events; never a credential or the body. Mounted only when tracing is on, so with
 * tracing off the ingress chain is what it was.
 */
final class IngressTracing implements PlatformHandler {

    static final String ROUTE = "/webhooks/{webhookUid}";
    private static final String POST = "POST " + ROUTE;
    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracing tracing;

    IngressTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        Span span = tracing.tracer().spanBuilder(method.equals("POST") ? POST : method + " " + ROUTE)
                .setParent(tracing.extract(request.headers(), HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("http.route", ROUTE)
                .startSpan();
        ctx.put(IngressContext.SPAN, span);
        // a span the sampler dropped (99% of them at a 1% sample) records nothing: nothing more is built for it
        if (span.isRecording()) {
            SocketAddress remote = request.remoteAddress();
            span.setAttribute("url.path", request.path());
            span.setAttribute("client.address", remote == null ? "" : remote.hostAddress());
            span.setAttribute("eg.request.id", RequestIds.of(ctx));
            span.setAttribute("eg.webhook.uid", ctx.pathParam("webhookUid"));
            ctx.addEndHandler(done -> end(ctx, span));
        }
        ctx.next();
    }

    private static void end(RoutingContext ctx, Span span) {
        int status = ctx.response().getStatusCode();
        Webhook webhook = IngressContext.webhook(ctx);
        String code = ctx.get(ErrorEnvelopeHandler.ERROR_CODE_KEY);
        span.setAttribute("http.response.status_code", status);
        span.setAttribute("eg.outcome", code != null ? code.toLowerCase(Locale.ROOT)
                : status < 400 ? "accepted" : "status_" + status);
        if (webhook != null) {
            span.setAttribute("eg.provider", webhook.provider());
        }
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR, code != null ? code : "status " + status);
        }
        span.end();
    }

    /**
     * The W3C trace context the request's Kafka records continue: the server span's when tracing is on, else the
     * provider's own {@code traceparent} passed through unchanged (or null).
     */
    static String traceparent(RoutingContext ctx) {
        Span span = IngressContext.span(ctx);
        return span == null ? ctx.request().getHeader("traceparent") : Tracing.traceparent(span);
    }

    /** Records the number of canonical events on the server span, when there is one. */
    static void events(RoutingContext ctx, int count) {
        Span span = IngressContext.span(ctx);
        if (span != null && span.isRecording()) {
            span.setAttribute("eg.events", count);
        }
    }
}
