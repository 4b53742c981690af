package dev.eventgateway.publish;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one verified request produces: the request as received (for the raw topic) and its canonical events.
 * A verified body that is not the provider's payload at all still produces its raw record, marked with why
 * ({@code invalidReason}), and no events: nothing a provider signed is dropped, and {@code replay} can recover it
 * once a normalizer reads it.
 *
 * @param body          the request body byte for byte as received (shared, never modified)
 * @param safeHeaders   request headers that may be stored (never tokens or Authorization), lowercase names
 * @param traceparent   the W3C trace context the records continue: the ingress span's when tracing is on, else
 *                      the request's own {@code traceparent} header, or null
 * @param invalidReason why the body is no payload of its provider (then {@code events} is empty), or null
 */
public record IngressBatch(Webhook webhook, String requestId, Instant receivedAt, byte[] body, String contentType,
                           Map<String, String> safeHeaders, String traceparent, List<WebhookEvent> events,
                           String invalidReason) {
}
