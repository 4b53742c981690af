package dev.eventgateway.provider;

/**
 * Where a provider puts its credentials (DESIGN §2).
 *
 * @param signatureHeader  header with the HMAC-SHA256 of the raw body, or null when the provider never signs
 * @param signaturePrefix  text before the lowercase hex digest ({@code sha256=} for Meta), else empty
 * @param token            how the webhook's verificationToken is presented on POST
 */
public record AuthScheme(String signatureHeader, String signaturePrefix, TokenPlacement token) {

    /** How a verificationToken travels with a POST. */
    public enum TokenPlacement {
        /** {@code X-CRM-Webhook-Token: <token>} */
        CRM_HEADER,
        /** {@code Authorization: Bearer <token>} */
        BEARER,
        /** not on POST: the token only answers Meta's GET hub.challenge */
        CHALLENGE_ONLY
    }

    public static final String CRM_TOKEN_HEADER = "X-CRM-Webhook-Token";
}
