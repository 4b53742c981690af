package dev.eventgateway.http;

import dev.eventgateway.observability.LogFields;
import dev.eventgateway.observability.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes error responses, for ingress, admin, unknown routes and the HTTP codec's refusals
 * ({@link InvalidRequestHandler}) alike. Handlers only fail the context. Mapping, in order: {@link ApiException} (its
 * status and code), vert.x-web {@link HttpException} (its status), a bare failure status (e.g. the body handler's
 * 413), a failure of the request stream that the client caused ({@link ClientFailures}) as 400, anything else as 500
 * {@code INTERNAL_ERROR}.
 * <p>
 * Never echoes an exception message from Kafka, PostgreSQL or the JDK to the caller: those go to the log only. Only
 * a 500 the gateway itself caused is logged at ERROR; what a caller sends never is, and a log line names the path,
 * never the query string (it may hold a verification token).
 */
public final class ErrorEnvelopeHandler implements Handler<RoutingContext> {

    /** Where the written error code is left in the context, for per-outcome metrics. */
    public static final String ERROR_CODE_KEY = "errorCode";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorEnvelopeHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        handle(ctx, null);
    }

    /**
     * As {@link #handle(RoutingContext)}, for a router error handler that vert.x-web may call with neither a failure
     * nor a status in the context (a path or query whose percent escapes do not decode fails route matching itself):
     * then {@code whenUnknown} is the answer.
     */
    public void handle(RoutingContext ctx, ApiException whenUnknown) {
        Throwable failure = ctx.failure();
        String requestId = RequestIds.ensure(ctx);
        ApiException error = failure == null && ctx.statusCode() <= 0 && whenUnknown != null
                ? whenUnknown
                : toApiException(failure, ctx.statusCode(), ctx.request());
        ctx.put(ERROR_CODE_KEY, error.errorCode());
        String path = ctx.request().path();
        boolean clientCaused = ClientFailures.isClientCaused(failure);
        if (error.status() >= 500 && !(failure instanceof ApiException) && !clientCaused) {
            LogFields.request(LOG.atError(), ctx).setCause(failure)
                    .log("request failed [requestId: {}, path: {}]", requestId, path);
        } else if (error.status() == 503) {
            LogFields.request(LOG.atWarn(), ctx).log("request refused [requestId: {}, path: {}, code: {}, reason: {}]",
                    requestId, path, error.errorCode(), error.getMessage());
        } else if (clientCaused) {
            LogFields.request(LOG.atInfo(), ctx).log("request not read to its end [requestId: {}, path: {}, cause: {}]",
                    requestId, path, ClientFailures.describe(failure));
        } else {
            LogFields.request(LOG.atDebug(), ctx).log("request rejected [requestId: {}, path: {}, status: {}, code: {}]",
                    requestId, path, error.status(), error.errorCode());
        }
        write(ctx.request(), requestId, error, error.status() == 413 || error.status() == 505 || clientCaused);
    }

    /**
     * Writes the error envelope with its status, {@code X-Request-Id} and {@code Retry-After}, unless the caller is
     * gone. With {@code close}, the answer says {@code Connection: close} and the connection is closed once it is
     * out, so that the rest of a refused request (an oversized body, bytes the codec could not frame) is never read.
     */
    static void write(HttpServerRequest request, String requestId, ApiException error, boolean close) {
        HttpServerResponse response = request.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        response.setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .putHeader(RequestIds.HEADER, requestId);
        if (error.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.end(Envelopes.error(requestId, error.errorCode(), error.getMessage(), error.details()).toBuffer())
                .onComplete(done -> {
                    if (close) {
                        request.connection().close();
                    }
                });
    }

    static ApiException toApiException(Throwable failure, int statusCode, HttpServerRequest request) {
        if (failure instanceof ApiException api) {
            return api;
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
        if ((status < 400 || status > 599) && ClientFailures.isClientCaused(failure)) {
            status = 400;
        }
        return switch (status) {
            case 400 -> request.authority() == null && request.version() != HttpVersion.HTTP_1_0
                    ? ApiException.badRequest("BAD_REQUEST", "the request has no Host header")
                    : ApiException.badRequest("BAD_REQUEST", "the request could not be read");
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
