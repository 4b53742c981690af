package dev.eventgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;

import java.time.Instant;
import java.util.List;

/**
 * One provider's payload format and credentials. Implementations are stateless and thread-safe: one instance serves
 * every event loop. Both methods run on the event loop and must not block.
 * <p>
 * Lifecycle of a request: the ingress verifies the raw bytes against {@link #auth()} first; only a verified body is
 * parsed once and handed to {@link #normalize}.
 */
public interface ProviderAdapter {

    /** {@code whats91}, {@code meta}, {@code whatsable} or {@code connexease}: the webhook's {@code provider}. */
    String name();

    /** Which headers carry this provider's signature and token. */
    AuthScheme auth();

    /**
     * Whether a POST carries this provider's credentials for the webhook: {@link RequestVerifier} with
     * {@link #auth()}, on the raw body bytes, in constant time. Never throws for any header value.
     *
     * @param now the time that decides whether a previous signing secret is still inside its overlap window
     */
    default boolean verify(Webhook webhook, MultiMap headers, byte[] body, Instant now) {
        return RequestVerifier.verify(webhook, auth(), headers, body, now);
    }

    /**
     * Splits a verified payload into canonical events, one per provider event, in payload order. Unknown properties
     * are ignored (they stay in {@code raw}); an event of a kind no canonical type matches, and an odd item inside a
     * right envelope (a message without its id, a status that is not an object…), becomes an
     * {@link dev.eventgateway.event.EventTypes#UNKNOWN} event with {@code data.reason} rather than an error, so that
     * the good items of a batch are still published (DESIGN §3).
     *
     * @throws InvalidPayloadException when the JSON is not this provider's envelope at all (→ 400 INVALID_PAYLOAD)
     */
    List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt);
}
