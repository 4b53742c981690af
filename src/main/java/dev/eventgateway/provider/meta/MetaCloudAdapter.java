package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.util.List;

/**
 * Meta's WhatsApp Cloud API ({@code meta}). POSTs are signed with {@code X-Hub-Signature-256: sha256=<hex>}, the
 * HMAC-SHA256 of the raw body keyed with the app secret (the webhook's signingSecret). The verificationToken only
 * answers the GET subscription handshake ({@link MetaChallenge}); it never travels with a POST.
 * Stateless and thread-safe.
 */
public final class MetaCloudAdapter implements ProviderAdapter {

    public static final String NAME = "meta";
    /** {@code X-Hub-Signature-256: sha256=<lowercase hex>}, shared by every provider that forwards Meta's signature. */
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String SIGNATURE_PREFIX = "sha256=";

    private static final AuthScheme AUTH =
            new AuthScheme(SIGNATURE_HEADER, SIGNATURE_PREFIX, AuthScheme.TokenPlacement.CHALLENGE_ONLY,
                    // the app secret signs every POST; the verify token answers the subscription handshake
                    new AuthScheme.Credentials(true, true, AuthScheme.SecretSource.PROVIDER));

    private final MetaWebhookNormalizer normalizer = new MetaWebhookNormalizer(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthScheme auth() {
        return AUTH;
    }

    /** See {@link MetaWebhookNormalizer#normalize}. */
    @Override
    public List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt) {
        return normalizer.normalize(webhook, payload, receivedAt);
    }
}
