package dev.eventgateway.webhook;

import dev.eventgateway.crypto.Secret;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One ingress endpoint that one provider account sends to (DESIGN §2). Immutable; secrets are held decrypted in
 * memory only, and {@link Secret} keeps them out of {@code toString}.
 *
 * @param events                  accepted canonical types; empty means every type
 * @param previousSigningSecret   still valid until {@code previousSecretExpiresAt} (after a rotation), else null
 * @param authNone                explicitly created without any secret
 * @param allowedIps              empty means any address
 * @param rateLimit               null means unlimited
 * @param clientCertificate       null: no client certificate needed; else the request must come over a connection
 *                                whose client certificate chains to {@code http.tls.clientCa} and, unless this is
 *                                {@link #ANY_CLIENT_CERTIFICATE}, whose subject CN or one of whose DNS names is this
 * @param declared                declared in the config file: read-only in the admin API
 */
public record Webhook(String uid, String name, String senderId, String provider, Set<String> events, Status status,
                      Secret signingSecret, Secret previousSigningSecret, Instant previousSecretExpiresAt,
                      Secret verificationToken, boolean authNone, boolean retryEnabled, int retryMaxAttempts,
                      List<Cidr> allowedIps, RateLimit rateLimit, String clientCertificate, boolean declared,
                      Instant createdAt, Instant updatedAt) {

    /** {@link #clientCertificate}: any certificate that {@code http.tls.clientCa} signed. */
    public static final String ANY_CLIENT_CERTIFICATE = "any";

    public enum Status { ACTIVE, INACTIVE }

    public Webhook {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        events = events == null ? Set.of() : Set.copyOf(events);
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** Whether the webhook subscribes to this canonical type; what it does not goes to the unrouted topic. */
    public boolean accepts(String type) {
        return events.isEmpty() || events.contains(type);
    }

    /** The previous signing secret while its overlap window lasts, else null. */
    public Secret previousSigningSecretAt(Instant now) {
        return previousSigningSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)
                ? previousSigningSecret : null;
    }

    public static Builder builder(String uid, String provider) {
        return new Builder(uid, provider);
    }

    public Builder toBuilder() {
        Builder b = new Builder(uid, provider);
        b.name = name;
        b.senderId = senderId;
        b.events = events;
        b.status = status;
        b.signingSecret = signingSecret;
        b.previousSigningSecret = previousSigningSecret;
        b.previousSecretExpiresAt = previousSecretExpiresAt;
        b.verificationToken = verificationToken;
        b.authNone = authNone;
        b.retryEnabled = retryEnabled;
        b.retryMaxAttempts = retryMaxAttempts;
        b.allowedIps = allowedIps;
        b.rateLimit = rateLimit;
        b.clientCertificate = clientCertificate;
        b.declared = declared;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        return b;
    }

    /** Builds webhooks field by field; defaults: ACTIVE, all events, retries on with 3 attempts. */
    public static final class Builder {
        private final String uid;
        private final String provider;
        private String name;
        private String senderId;
        private Set<String> events = Set.of();
        private Status status = Status.ACTIVE;
        private Secret signingSecret;
        private Secret previousSigningSecret;
        private Instant previousSecretExpiresAt;
        private Secret verificationToken;
        private boolean authNone;
        private boolean retryEnabled = true;
        private int retryMaxAttempts = 3;
        private List<Cidr> allowedIps = List.of();
        private RateLimit rateLimit;
        private String clientCertificate;
        private boolean declared;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder(String uid, String provider) {
            this.uid = uid;
            this.provider = provider;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder senderId(String v) { senderId = v; return this; }
        public Builder events(Set<String> v) { events = v; return this; }
        public Builder status(Status v) { status = v; return this; }
        public Builder signingSecret(Secret v) { signingSecret = v; return this; }
        public Builder previousSigningSecret(Secret v, Instant expiresAt) {
            previousSigningSecret = v;
            previousSecretExpiresAt = expiresAt;
            return this;
        }
        public Builder verificationToken(Secret v) { verificationToken = v; return this; }
        public Builder authNone(boolean v) { authNone = v; return this; }
        public Builder retryEnabled(boolean v) { retryEnabled = v; return this; }
        public Builder retryMaxAttempts(int v) { retryMaxAttempts = v; return this; }
        public Builder allowedIps(List<Cidr> v) { allowedIps = v; return this; }
        public Builder rateLimit(RateLimit v) { rateLimit = v; return this; }
        public Builder clientCertificate(String v) { clientCertificate = v; return this; }
        public Builder declared(boolean v) { declared = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }

        public Webhook build() {
            return new Webhook(uid, name, senderId, provider, events, status, signingSecret, previousSigningSecret,
                    previousSecretExpiresAt, verificationToken, authNone, retryEnabled, retryMaxAttempts, allowedIps,
                    rateLimit, clientCertificate, declared, createdAt, updatedAt);
        }
    }
}
