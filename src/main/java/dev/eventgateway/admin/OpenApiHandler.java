package dev.eventgateway.admin;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v2/openapi.json}: the OpenAPI 3.1 document of the whole HTTP surface, ingress included. Public (no
 * token): it holds no secret, and clients and tools fetch it before they have one. Read once from the jar.
 */
final class OpenApiHandler implements Handler<RoutingContext> {

    static final String RESOURCE = "openapi.json";
    private final Buffer document;

    OpenApiHandler() {
        try (InputStream in = OpenApiHandler.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its " + RESOURCE);
            }
            this.document = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(document);
    }
}
