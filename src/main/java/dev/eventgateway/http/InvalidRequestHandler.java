package dev.eventgateway.http;

import dev.eventgateway.observability.RequestIds;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests the HTTP/1.x codec refuses before any route sees them (a malformed request line, a duplicate
 * {@code Content-Length}, control bytes in a header, headers over the limit, a URI over the limit) through the one
 * error writer: the envelope, a new {@code X-Request-Id}, a 4xx, and the connection closed once the answer is out,
 * since its framing cannot be trusted. (Unknown HTTP versions: {@link HttpVersions}.)
 * <p>
 * Logged at DEBUG without the URI: the caller's bytes are the cause, and they may hold a token.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestHandler.class);

    /** Makes the server answer codec refusals with the envelope. */
    public static HttpServer install(HttpServer server) {
        return server.invalidRequestHandler(new InvalidRequestHandler());
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiException error = toApiException(cause);
        String requestId = RequestIds.newId();
        LOG.debug("request refused by the HTTP codec [requestId: {}, status: {}, code: {}, cause: {}]",
                requestId, error.status(), error.errorCode(), ClientFailures.describe(cause));
        ErrorEnvelopeHandler.write(request, requestId, error, true);
    }

    static ApiException toApiException(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new ApiException(414, "URI_TOO_LONG", "request line too long", null, null);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiException(431, "HEADERS_TOO_LARGE", "request headers too large", null, null);
        }
        return ApiException.badRequest("BAD_REQUEST", "malformed HTTP request");
    }
}
