package dev.eventgateway.admin;

import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A webhook as the admin API shows it (the Whats91 v2 fields plus ours). Never a secret: {@code hasVerificationToken}
 * and {@code hasSigningSecret} stand in for them. Only the answers of create and rotate-secret add
 * {@code signingSecret}, once, through {@link #withSigningSecret}.
 */
final class WebhookView {

    private final String publicBaseUrl;

    WebhookView(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    String endpointUrl(String uid) {
        return publicBaseUrl + "/webhooks/" + uid;
    }

    JsonObject of(Webhook w, Instant now) {
        Instant previousUntil = w.previousSigningSecretAt(now) == null ? null : w.previousSecretExpiresAt();
        return new JsonObject()
                .put("webhookUid", w.uid())
                .put("name", w.name())
                .put("senderId", w.senderId())
                .put("provider", w.provider())
                .put("endpointUrl", endpointUrl(w.uid()))
                .put("events", new JsonArray(w.events().stream().sorted().toList()))
                .put("status", w.status().name())
                .put("retryEnabled", w.retryEnabled())
                .put("retryMaxAttempts", w.retryMaxAttempts())
                .put("hasVerificationToken", w.verificationToken() != null)
                .put("hasSigningSecret", w.signingSecret() != null)
                .put("previousSigningSecretExpiresAt", previousUntil == null ? null : previousUntil.toString())
                .put("authNone", w.authNone())
                .put("allowedIps", new JsonArray(w.allowedIps().stream().map(Cidr::text).toList()))
                .put("rateLimit", w.rateLimit() == null ? null : new JsonObject()
                        .put("perSecond", w.rateLimit().perSecond())
                        .put("burst", w.rateLimit().burst()))
                .put("clientCertificate", w.clientCertificate())
                .put("declared", w.declared())
                .put("createdAt", w.createdAt() == null ? null : w.createdAt().toString())
                .put("updatedAt", w.updatedAt() == null ? null : w.updatedAt().toString());
    }

    /** The one answer that carries the signing secret: right after it was set (create, rotate-secret). */
    JsonObject withSigningSecret(Webhook w, Instant now) {
        return of(w, now).put("signingSecret", w.signingSecret() == null ? null : w.signingSecret().reveal());
    }
}
