package dev.eventgateway.http;

import dev.eventgateway.observability.RequestIds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The Whats91 v2 response envelopes: one shape for every success and every error the gateway writes. */
public final class Envelopes {

    public static final String API_VERSION = "v2";

    private Envelopes() {
    }

    public static JsonObject metadata(String requestId) {
        return new JsonObject().put("apiVersion", API_VERSION).put("requestId", requestId);
    }

    /** {@code {"success":true,"message":…,"data":…,"metadata":{…}}} */
    public static JsonObject success(RoutingContext ctx, String message, Object data) {
        return new JsonObject()
                .put("success", true)
                .put("message", message)
                .put("data", data)
                .put("metadata", metadata(RequestIds.of(ctx)));
    }

    /** {@code {"success":false,"message":…,"error_code":…,["details":…,]"metadata":{…}}} */
    public static JsonObject error(String requestId, String errorCode, String message, Object details) {
        JsonObject body = new JsonObject()
                .put("success", false)
                .put("message", message)
                .put("error_code", errorCode);
        if (details != null) {
            body.put("details", details);
        }
        return body.put("metadata", metadata(requestId));
    }

    /** Writes a success envelope as JSON with the given status. */
    public static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
