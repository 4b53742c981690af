package dev.eventgateway.observability;

import java.util.Locale;

/**
 * Why the ingress refused a request for who sent it, as the operator sees it (DESIGN §7): never a secret, a
 * signature or the body. {@link #label} is the log text and the category in the console's refusal list,
 * {@link #metricLabel} the {@code gateway_ingress_refused} label.
 */
public enum RefusalCategory {
    MISSING_SIGNATURE("missing signature"),
    SIGNATURE_MISMATCH("signature mismatch"),
    /** The signature is over the body re-serialized by a JSON library, not over the bytes sent. */
    SIGNATURE_OVER_RESERIALIZED_JSON("signature mismatch: signed a re-serialized body"),
    MISSING_TOKEN("missing token"),
    TOKEN_MISMATCH("token mismatch"),
    EXPIRED_PREVIOUS_SECRET("expired previous secret"),
    IP_NOT_ALLOWED("ip not allowed"),
    /** The webhook needs a client certificate (mTLS) that the connection did not present, or not the named one. */
    CLIENT_CERTIFICATE("client certificate"),
    WEBHOOK_INACTIVE("webhook inactive");

    private final String label;

    RefusalCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The Prometheus label value: {@code signature_mismatch}. */
    public String metricLabel() {
        return name().toLowerCase(Locale.ROOT);
    }
}
