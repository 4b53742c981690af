package dev.eventgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.observability.RefusalCategory;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.Signatures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.time.Instant;

/**
 * Why a request that failed verification failed, for the operator only (the caller learns nothing): computed after
 * the refusal, so verified traffic never pays for it. The checks mirror the verifier's, in its order.
 * <p>
 * A signature that matches the body re-serialized compactly (what {@code JSON.stringify(JSON.parse(body))} gives)
 * but not the bytes sent is named so: the sender signed its own re-serialization, the most common bug in webhook
 * senders and receivers alike.
 */
final class RefusalDiagnosis {

    private RefusalDiagnosis() {
    }

    static RefusalCategory of(Webhook webhook, AuthScheme scheme, MultiMap headers, byte[] body, Instant now) {
        if (webhook.signingSecret() != null && scheme.signatureHeader() != null) {
            String presented = headers.get(scheme.signatureHeader());
            if (presented == null || presented.isBlank()) {
                return RefusalCategory.MISSING_SIGNATURE;
            }
            boolean current = Signatures.matches(scheme, webhook.signingSecret().bytes(), body, presented);
            boolean overlap = webhook.previousSigningSecretAt(now) != null
                    && Signatures.matches(scheme, webhook.previousSigningSecretAt(now).bytes(), body, presented);
            if (!current && !overlap) {
                if (webhook.previousSigningSecret() != null
                        && Signatures.matches(scheme, webhook.previousSigningSecret().bytes(), body, presented)) {
                    return RefusalCategory.EXPIRED_PREVIOUS_SECRET;
                }
                byte[] reserialized = reserialized(body);
                if (reserialized != null
                        && Signatures.matches(scheme, webhook.signingSecret().bytes(), reserialized, presented)) {
                    return RefusalCategory.SIGNATURE_OVER_RESERIALIZED_JSON;
                }
                return RefusalCategory.SIGNATURE_MISMATCH;
            }
        }
        String token = scheme.token() == AuthScheme.TokenPlacement.BEARER ? headers.get("Authorization")
                : headers.get(AuthScheme.CRM_TOKEN_HEADER);
        return token == null || token.isBlank() ? RefusalCategory.MISSING_TOKEN : RefusalCategory.TOKEN_MISMATCH;
    }

    /** The body as a JSON library writes it back compactly, or null when it is not JSON or already that form. */
    private static byte[] reserialized(byte[] body) {
        try {
            JsonNode tree = EventJson.MAPPER.readTree(body);
            if (tree == null) {
                return null;
            }
            byte[] out = EventJson.MAPPER.writeValueAsBytes(tree);
            return java.util.Arrays.equals(out, body) ? null : out;
        } catch (IOException e) {
            return null;
        }
    }
}
