package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one verified request produces: the request as received (for the raw topic) and its canonical events.
 *
 * @param body        the request body byte for byte as received (shared, never modified)
 * @param safeHeaders request headers that may be stored (never tokens or Authorization), lowercase names
 * @param traceparent the W3C trace context the records continue: the ingress span's when tracing is on, else the
 *                    request's own {@code traceparent} header, or null
 */
public record IngressBatch(Webhook webhook, String requestId, Instant receivedAt, byte[] body, String contentType,
                           Map<String, String> safeHeaders, String traceparent, List<WebhookEvent> events) {
}
