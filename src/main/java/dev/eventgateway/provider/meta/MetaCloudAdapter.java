package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.SchemaConformer;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.util.List;

/**
 * The providers that send Meta's WhatsApp Cloud API payload format, normalized by {@link MetaWebhookNormalizer}; they
 * differ only in their name and their auth scheme. Stateless and thread-safe.
 * <ul>
 *   <li>{@link #meta()} ({@code meta}): POSTs are signed with {@code X-Hub-Signature-256: sha256=<hex>}, the
 *   HMAC-SHA256 of the raw body keyed with the app secret (the webhook's signingSecret). The verificationToken only
 *   answers the GET subscription handshake ({@link MetaChallenge}); it never travels with a POST.</li>
 *   <li>{@link #connexease()} ({@code connexease}): a transparent proxy that forwards Meta's payloads unchanged; the
 *   events carry {@code connexease} as their provider. Its credential is {@code Authorization: Bearer
 *   <verificationToken>}; an {@code X-Hub-Signature-256} signature is checked as well when the webhook has a signing
 *   secret.</li>
 * </ul>
 */
public final class MetaCloudAdapter implements ProviderAdapter {

    public static final String NAME = "meta";
    public static final String CONNEXEASE = "connexease";
    /** {@code X-Hub-Signature-256: sha256=<lowercase hex>}, shared by every provider that forwards Meta's signature. */
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String SIGNATURE_PREFIX = "sha256=";

    private static final AuthScheme META_AUTH =
            new AuthScheme(SIGNATURE_HEADER, SIGNATURE_PREFIX, AuthScheme.TokenPlacement.CHALLENGE_ONLY,
                    // the app secret signs every POST; the verify token answers the subscription handshake
                    new AuthScheme.Credentials(true, true, AuthScheme.SecretSource.PROVIDER));
    private static final AuthScheme CONNEXEASE_AUTH =
            new AuthScheme(SIGNATURE_HEADER, SIGNATURE_PREFIX, AuthScheme.TokenPlacement.BEARER,
                    // the bearer token is its credential; a signature only passes through Meta's, keyed with Meta's app secret
                    new AuthScheme.Credentials(false, true, AuthScheme.SecretSource.PROVIDER));

    private final String name;
    private final AuthScheme auth;
    private final MetaWebhookNormalizer normalizer;

    private MetaCloudAdapter(String name, AuthScheme auth) {
        this.name = name;
        this.auth = auth;
        this.normalizer = new MetaWebhookNormalizer(name);
    }

    /** Meta's WhatsApp Cloud API itself. */
    public static MetaCloudAdapter meta() {
        return new MetaCloudAdapter(NAME, META_AUTH);
    }

    /** The Connexease gateway, which forwards Meta's payloads. */
    public static MetaCloudAdapter connexease() {
        return new MetaCloudAdapter(CONNEXEASE, CONNEXEASE_AUTH);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AuthScheme auth() {
        return auth;
    }

    /** See {@link MetaWebhookNormalizer#normalize}. */
    @Override
    public List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt) {
        return normalizer.normalize(webhook, payload, receivedAt).stream().map(SchemaConformer::conform).toList();
    }
}
