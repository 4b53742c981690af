package dev.eventgateway.observability;

import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields that tie a log line to a request or an event: SLF4J key-value pairs, which the JSON encoder
 * ({@code logback.xml}) writes as top-level fields of the line ({@code "requestId":"…"}), so a log search needs no
 * parsing of the message text. Explicit on each log call rather than MDC: an event loop interleaves many requests on
 * one thread, which a thread-local MDC cannot follow.
 */
public final class LogFields {

    public static final String REQUEST_ID = "requestId";
    public static final String WEBHOOK_UID = "webhookUid";
    public static final String EVENT_ID = "eventId";
    public static final String TRACE_ID = "traceId";

    private LogFields() {
    }

    /**
     * Adds the request's id, the webhook uid of its path (when the route has one) and its trace id (when traced).
     * Use as {@code LogFields.request(LOG.atInfo(), ctx).log("…")}; with the level off, SLF4J's builder is a no-op.
     */
    public static LoggingEventBuilder request(LoggingEventBuilder log, RoutingContext ctx) {
        log.addKeyValue(REQUEST_ID, RequestIds.of(ctx));
        String webhookUid = ctx.pathParam("webhookUid");
        if (webhookUid != null) {
            log.addKeyValue(WEBHOOK_UID, webhookUid);
        }
        Span span = ctx.get(Tracing.REQUEST_SPAN);
        if (span != null) {
            log.addKeyValue(TRACE_ID, span.getSpanContext().getTraceId());
        }
        return log;
    }

    /** Adds the event id (when known) of a line about one event, e.g. a worker's record. */
    public static LoggingEventBuilder event(LoggingEventBuilder log, String eventId) {
        return eventId == null ? log : log.addKeyValue(EVENT_ID, eventId);
    }
}
