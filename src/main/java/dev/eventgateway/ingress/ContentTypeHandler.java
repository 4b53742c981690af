package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** Step 2: only JSON bodies ({@code application/json}, any parameters, or a {@code +json} type) → else 415. */
final class ContentTypeHandler implements PlatformHandler {

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (!isJson(contentType)) {
            ctx.fail(ApiException.unsupportedMediaType("content type must be application/json"));
            return;
        }
        ctx.next();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }
}
