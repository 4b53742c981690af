package dev.eventgateway.provider.meta;

import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;

import java.util.Optional;

/**
 * Meta's GET subscription handshake: {@code hub.mode=subscribe&hub.verify_token=…&hub.challenge=…} is answered with
 * 200 and the challenge as text/plain when the token is the webhook's verificationToken, else 403 (DESIGN §2). This
 * class only decides; the HTTP route writes the answer. Stateless and thread-safe.
 */
public final class MetaChallenge {

    public static final String MODE = "hub.mode";
    public static final String VERIFY_TOKEN = "hub.verify_token";
    public static final String CHALLENGE = "hub.challenge";
    public static final String SUBSCRIBE = "subscribe";

    private MetaChallenge() {
    }

    /**
     * The challenge to echo, or empty when the handshake must be refused: the mode is not {@code subscribe}, the
     * challenge is missing or empty, the webhook has no verificationToken, or the token differs. The token is compared
     * in constant time. Never throws.
     */
    public static Optional<String> answer(Webhook webhook, String mode, String verifyToken, String challenge) {
        if (webhook == null || !SUBSCRIBE.equals(mode) || challenge == null || challenge.isEmpty()) {
            return Optional.empty();
        }
        if (webhook.verificationToken() == null || !webhook.verificationToken().matches(verifyToken)) {
            return Optional.empty();
        }
        return Optional.of(challenge);
    }

    /** {@link #answer(Webhook, String, String, String)} with the three {@code hub.*} query parameters. */
    public static Optional<String> answer(Webhook webhook, MultiMap queryParams) {
        return answer(webhook, queryParams.get(MODE), queryParams.get(VERIFY_TOKEN), queryParams.get(CHALLENGE));
    }
}
