package dev.eventgateway.ingress;

import dev.eventgateway.http.ClientAddress;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.webhook.Webhook;
import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.RoutingContext;

/** Per-request state of the ingress chain, kept in the {@link RoutingContext} (never in verticle fields). */
final class IngressContext {

    static final String WEBHOOK = "webhook";
    /** The body bytes the signature was verified on: the same array is parsed and published, never copied again. */
    static final String BODY = "body";
    /** The request's server span ({@link IngressTracing}); absent when tracing is off. */
    static final String SPAN = Tracing.REQUEST_SPAN;
    /** The client's address (the peer, or the one a trusted proxy forwarded): {@link ClientAddressHandler}. */
    static final String CLIENT_ADDRESS = ClientAddress.KEY;

    private IngressContext() {
    }

    static Webhook webhook(RoutingContext ctx) {
        return ctx.get(WEBHOOK);
    }

    /** The client address as a literal, or null when it is unknown. */
    static String clientAddress(RoutingContext ctx) {
        return ClientAddress.of(ctx);
    }

    static byte[] body(RoutingContext ctx) {
        return ctx.get(BODY);
    }

    /** The request's server span, or null when tracing is off. */
    static Span span(RoutingContext ctx) {
        return ctx.get(SPAN);
    }
}
