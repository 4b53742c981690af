package dev.eventgateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventgateway.event.EventJson;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v2/asyncapi.json}: the AsyncAPI 3.0 document of the Kafka topics ({@link AsyncApiDocument}), with
 * the configured topic prefix. Public (no token), like the OpenAPI document: it holds no secret. Built once.
 */
final class AsyncApiHandler implements Handler<RoutingContext> {

    private final Buffer document;

    AsyncApiHandler(String topicPrefix) {
        try {
            this.document = Buffer.buffer(EventJson.MAPPER.writeValueAsBytes(AsyncApiDocument.build(topicPrefix)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the AsyncAPI document is not serializable", e);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(document);
    }
}
