package dev.eventgateway.cli;

import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Signatures;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's sample request, fresh (new message ids, current timestamps) and carrying its credentials where that
 * provider puts them: the signature header over the exact body bytes, and the token as bearer or CRM header. What
 * {@code send-sample} posts, and the console's "send a test event".
 *
 * @param headers   the request headers to send, {@code Content-Type} included
 * @param messageId the sample's WhatsApp message id (wamid), when it has one
 */
public record SignedSample(byte[] body, Map<String, String> headers, String messageId) {

    /** The types with a sample for this provider. */
    public static List<String> types(String provider) {
        return SampleBodies.AVAILABLE.getOrDefault(provider, List.of());
    }

    /**
     * With neither credential the sample goes unsigned (a webhook created with {@code "auth": "none"}).
     *
     * @return empty when there is no sample of that type for the provider
     * @throws IllegalArgumentException when only a token is given for a provider that sends none with its events
     */
    public static Optional<SignedSample> of(ProviderAdapter adapter, String type, String secret, String token,
                                            Instant now) {
        Optional<byte[]> sample = SampleBodies.fresh(adapter.name(), type, now);
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = sample.get();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        AuthScheme scheme = adapter.auth();
        if (secret != null && scheme.signatureHeader() != null) {
            headers.put(scheme.signatureHeader(), Signatures.headerValue(scheme, secret, body));
        }
        if (token != null) {
            switch (scheme.token()) {
                case BEARER -> headers.put("Authorization", "Bearer " + token);
                case CRM_HEADER -> headers.put(AuthScheme.CRM_TOKEN_HEADER, token);
                case CHALLENGE_ONLY -> {
                    if (secret == null) {
                        throw new IllegalArgumentException(adapter.name()
                                + " does not send a token with its events; give the signing secret (the app secret)");
                    }
                }
            }
        }
        return Optional.of(new SignedSample(body, Map.copyOf(headers), SampleBodies.messageId(body)));
    }
}
