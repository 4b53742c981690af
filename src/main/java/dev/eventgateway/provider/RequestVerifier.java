package dev.eventgateway.provider;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;

import java.time.Instant;

/**
 * Decides whether a POST comes from the webhook's provider (DESIGN §2): every credential the webhook has configured
 * must pass; a webhook with none passes only when it was created with {@code auth: none}. Which check failed is
 * never told to the caller. Stateless and thread-safe; cheap enough for the event loop (one or two HMACs of a body
 * capped by the ingress).
 */
public final class RequestVerifier {

    private RequestVerifier() {
    }

    /**
     * Whether the request passes every check the webhook has configured. Signatures and tokens are compared in
     * constant time; a missing, empty, malformed or differently sized value is simply false, never an exception.
     *
     * @param body the raw request bytes exactly as received (never a re-serialization)
     * @param now  decides whether a previous signing secret is still inside its overlap window
     */
    public static boolean verify(Webhook webhook, AuthScheme scheme, MultiMap headers, byte[] body, Instant now) {
        boolean checked = false;
        if (webhook.signingSecret() != null && scheme.signatureHeader() != null) {
            String presented = headers.get(scheme.signatureHeader());
            boolean current = Signatures.matches(scheme, webhook.signingSecret().bytes(), body, presented);
            Secret previous = webhook.previousSigningSecretAt(now);
            boolean overlap = previous != null && Signatures.matches(scheme, previous.bytes(), body, presented);
            if (!current && !overlap) {
                return false;
            }
            checked = true;
        }
        if (webhook.verificationToken() != null && scheme.token() != AuthScheme.TokenPlacement.CHALLENGE_ONLY) {
            if (!webhook.verificationToken().matches(presentedToken(scheme, headers))) {
                return false;
            }
            checked = true;
        }
        return checked || webhook.authNone();
    }

    private static String presentedToken(AuthScheme scheme, MultiMap headers) {
        if (scheme.token() == AuthScheme.TokenPlacement.BEARER) {
            String authorization = headers.get("Authorization");
            return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? authorization.substring(7).trim() : null;
        }
        return headers.get(AuthScheme.CRM_TOKEN_HEADER);
    }
}
