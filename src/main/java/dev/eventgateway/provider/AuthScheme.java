package dev.eventgateway.provider;

/**
 * Where a provider puts its credentials, and which of them a webhook of that provider must have (DESIGN §2).
 *
 * @param signatureHeader  header with the HMAC-SHA256 of the raw body, or null when the provider never signs
 * @param signaturePrefix  text before the lowercase hex digest ({@code sha256=} for Meta), else empty
 * @param token            how the webhook's verificationToken is presented on POST
 * @param credentials      what a webhook must configure, and who makes its signing secret
 */
public record AuthScheme(String signatureHeader, String signaturePrefix, TokenPlacement token,
                         Credentials credentials) {

    /** How a verificationToken travels with a POST. */
    public enum TokenPlacement {
        /** {@code X-CRM-Webhook-Token: <token>} */
        CRM_HEADER,
        /** {@code Authorization: Bearer <token>} */
        BEARER,
        /** not on POST: the token only answers Meta's GET hub.challenge */
        CHALLENGE_ONLY
    }

    /** Who makes a webhook's signing secret. */
    public enum SecretSource {
        /** the gateway, on create unless one is given (the user configures it at the sender) */
        GATEWAY,
        /** the gateway, but only when asked ({@code generateSigningSecret}, rotate-secret): the sender may not sign */
        GATEWAY_ON_REQUEST,
        /** the provider: its own key (Meta's app secret), which the gateway cannot make up */
        PROVIDER
    }

    /**
     * What a webhook of the provider needs so that every request the provider really sends passes, and no other.
     *
     * @param signingSecretRequired     the provider always signs with a key of its own (Meta)
     * @param verificationTokenRequired the provider's requests or its handshake always carry the token
     * @param secretSource              who makes the signing secret
     */
    public record Credentials(boolean signingSecretRequired, boolean verificationTokenRequired,
                              SecretSource secretSource) {

        /** A signature or a token (or {@code auth: none}); the gateway generates the secret unless one is given. */
        public static final Credentials EITHER = new Credentials(false, false, SecretSource.GATEWAY);
        /** A token or a signature (or {@code auth: none}); a generated secret only on request. */
        public static final Credentials EITHER_SECRET_ON_REQUEST =
                new Credentials(false, false, SecretSource.GATEWAY_ON_REQUEST);
    }

    public static final String CRM_TOKEN_HEADER = "X-CRM-Webhook-Token";
}
