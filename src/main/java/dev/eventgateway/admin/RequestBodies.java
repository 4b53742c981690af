package dev.eventgateway.admin;

import dev.eventgateway.http.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON object an admin POST carries. Not JSON, or JSON but not an object → 400 {@code INVALID_PAYLOAD}. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body as an object; an empty body counts as {@code {}} only when {@code optional}. */
    static JsonObject object(RoutingContext ctx, boolean optional) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0 || body.toString().isBlank()) {
            if (optional) {
                return new JsonObject();
            }
            throw ApiException.invalidPayload("The request body must be a JSON object");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw ApiException.invalidPayload("The request body is not valid JSON");
        }
        if (parsed instanceof JsonObject object) {
            return object;
        }
        throw ApiException.invalidPayload("The request body must be a JSON object");
    }
}
