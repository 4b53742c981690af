package dev.eventgateway.provider.connexease;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.meta.MetaCloudAdapter;
import dev.eventgateway.provider.meta.MetaWebhookNormalizer;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;
import java.util.List;

/**
 * The Connexease gateway ({@code connexease}): a transparent proxy that forwards Meta's WhatsApp Cloud API payloads
 * unchanged, so they are normalized by {@link MetaWebhookNormalizer}; the events carry {@code connexease} as their
 * provider. Its credential is {@code Authorization: Bearer <verificationToken>}; an {@code X-Hub-Signature-256}
 * signature is checked as well when the webhook has a signing secret. Stateless and thread-safe.
 */
public final class ConnexeaseAdapter implements ProviderAdapter {

    public static final String NAME = "connexease";

    private static final AuthScheme AUTH = new AuthScheme(MetaCloudAdapter.SIGNATURE_HEADER,
            MetaCloudAdapter.SIGNATURE_PREFIX, AuthScheme.TokenPlacement.BEARER,
            // the bearer token is its credential; a signature only passes through Meta's, keyed with Meta's app secret
            new AuthScheme.Credentials(false, true, AuthScheme.SecretSource.PROVIDER));

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
