package dev.eventgateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One ingress request refused for who sent it, as the operator sees it (DESIGN §7): the reason category, never a
 * secret, a signature or the body. Published as JSON on the local event bus at {@link #ADDRESS} for whoever wants to
 * show recent refusals (the console):
 * {@code vertx.eventBus().<JsonObject>localConsumer(RefusedRequest.ADDRESS, m -> RefusedRequest.fromJson(m.body()))}.
 *
 * @param reason        one of the {@link Reason} labels
 * @param clientAddress the client address (after trusted proxies), or null when unknown
 */
public record RefusedRequest(Instant at, String requestId, String webhookUid, String provider, String clientAddress,
                             Reason reason) {

    public static final String ADDRESS = "gateway.ingress.refused";
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    /** The reason categories; {@link #label} is the metric label and the log text. */
    public enum Reason {
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

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The Prometheus label value: {@code signature_mismatch}. */
        public String metricLabel() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("at", at.toString()).put("requestId", requestId).put("webhookUid", webhookUid)
                .put("provider", provider).put("clientAddress", clientAddress).put("reason", reason.name())
                .put("reasonText", reason.label());
    }

    public static RefusedRequest fromJson(JsonObject json) {
        return new RefusedRequest(Instant.parse(json.getString("at")), json.getString("requestId"),
                json.getString("webhookUid"), json.getString("provider"), json.getString("clientAddress"),
                Reason.valueOf(json.getString("reason")));
    }

    /** Publishes on the local event bus; nobody listening costs next to nothing. */
    public void publish(Vertx vertx) {
        vertx.eventBus().publish(ADDRESS, toJson(), LOCAL);
    }
}
