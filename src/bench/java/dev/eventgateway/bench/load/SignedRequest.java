package dev.eventgateway.bench.load;

/**
 * One provider request, ready to send to either target: body bytes, the provider's signature header, and what the
 * benchmark needs to account for it.
 *
 * @param webhookUid      the webhook it is for; the path is {@code /webhooks/<uid>}
 * @param signatureHeader the provider's signature header name
 * @param signature       its value: HMAC-SHA256 of the body with the webhook's secret, in the provider's format
 * @param events          how many canonical events the body holds
 * @param bodyKey         a 64-bit fingerprint of the body, to find its raw record in Kafka
 */
public record SignedRequest(String webhookUid, String signatureHeader, String signature, byte[] body, int events,
                            long bodyKey) {
}
