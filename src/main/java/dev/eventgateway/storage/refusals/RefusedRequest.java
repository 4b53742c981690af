package dev.eventgateway.storage.refusals;

import java.time.Instant;

/**
 * One refused ingress request as kept for the console: never a secret, header or body.
 *
 * @param webhookUid    the uid of the path, known webhook or not (cut to 64 characters)
 * @param provider      the webhook's provider, null when the uid names no webhook
 * @param clientAddress the client's address as the gateway saw it
 * @param reason        the reason category, e.g. {@code unauthorized}, {@code rate limited}, {@code signature mismatch}
 */
public record RefusedRequest(Instant refusedAt, String webhookUid, String provider, String clientAddress, int status,
                             String errorCode, String reason, String requestId) {
}
