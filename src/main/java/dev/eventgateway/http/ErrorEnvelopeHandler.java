package dev.eventgateway.http;

import dev.eventgateway.observability.LogFields;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses, for ingress, admin and unknown routes alike. Handlers only fail the
 * context. Mapping, in order: {@link ApiException} (its status and code), vert.x-web {@link HttpException} (its
 * status), a bare failure status (e.g. the body handler's 413), anything else as 500 {@code INTERNAL_ERROR}.
 * <p>
 * Never echoes an exception message from Kafka, PostgreSQL or the JDK to the caller: those go to the log only.
 */
public final class ErrorEnvelopeHandler implements Handler<RoutingContext> {

    /** Where the written error code is left in the context, for per-outcome metrics. */
    public static final String ERROR_CODE_KEY = "errorCode";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorEnvelopeHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        ApiException error = toApiException(ctx.failure(), ctx.statusCode());
        String requestId = RequestIds.of(ctx);
        ctx.put(ERROR_CODE_KEY, error.errorCode());
        if (error.status() >= 500 && !(ctx.failure() instanceof ApiException)) {
            LogFields.request(LOG.atError(), ctx).setCause(ctx.failure())
                    .log("request failed [requestId: {}, path: {}]", requestId, ctx.request().path());
        } else if (error.status() >= 500) {
            LogFields.request(LOG.atWarn(), ctx).log("request refused [requestId: {}, path: {}, code: {}, reason: {}]",
                    requestId, ctx.request().path(), error.errorCode(), error.getMessage());
        } else {
            LogFields.request(LOG.atDebug(), ctx).log("request rejected [requestId: {}, path: {}, status: {}, "
                    + "code: {}]", requestId, ctx.request().path(), error.status(), error.errorCode());
        }
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .putHeader(RequestIds.HEADER, requestId);
        if (error.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        if (error.status() == 413) {
            // the rest of an oversized body is not read: close the connection once the answer is out
            response.putHeader("Connection", "close");
        }
        response.end(Envelopes.error(requestId, error.errorCode(), error.getMessage(), error.details()).toBuffer());
    }

    static ApiException toApiException(Throwable failure, int statusCode) {
        if (failure instanceof ApiException api) {
            return api;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
        return switch (status) {
            case 400 -> ApiException.invalidPayload("the request could not be read");
            case 401 -> ApiException.unauthorized("UNAUTHORIZED", "request could not be verified");
            case 403 -> ApiException.forbidden("forbidden");
            case 404 -> ApiException.notFound("no such resource");
            case 405 -> new ApiException(405, "METHOD_NOT_ALLOWED", "method not allowed", null, null);
            case 413 -> ApiException.payloadTooLarge("request body too large");
            case 415 -> ApiException.unsupportedMediaType("content type must be application/json");
            case 503 -> ApiException.unavailable("service unavailable", 5);
            default -> status >= 400 && status < 500
                    ? new ApiException(status, "BAD_REQUEST", "bad request", null, null)
                    : new ApiException(500, "INTERNAL_ERROR", "internal error", null, null);
        };
    }
}
