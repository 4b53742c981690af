package dev.eventgateway.http;

/**
 * A failure that carries the HTTP answer it should produce: status, stable {@code error_code} and a message that is
 * safe to show the caller. Handlers fail the routing context with it; {@link ErrorEnvelopeHandler} writes it.
 * <p>
 * Instances are stackless: a flood of badly signed requests must not cost a stack walk each.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final Integer retryAfterSeconds;
    private final Object details;

    public ApiException(int status, String errorCode, String message, Integer retryAfterSeconds, Object details) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
        this.details = details;
    }

    public static ApiException badRequest(String errorCode, String message) {
        return new ApiException(400, errorCode, message, null, null);
    }

    public static ApiException invalidPayload(String message) {
        return new ApiException(400, "INVALID_PAYLOAD", message, null, null);
    }

    /** 400 VALIDATION_FAILED; {@code details} is echoed to the caller as the envelope's {@code details}. */
    public static ApiException validation(String message, Object details) {
        return new ApiException(400, "VALIDATION_FAILED", message, null, details);
    }

    public static ApiException unauthorized(String errorCode, String message) {
        return new ApiException(401, errorCode, message, null, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message, null, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message, null, null);
    }

    public static ApiException conflict(String errorCode, String message) {
        return new ApiException(409, errorCode, message, null, null);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", message, null, null);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", message, null, null);
    }

    public static ApiException rateLimited(int retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", "rate limit exceeded", retryAfterSeconds, null);
    }

    /** 503 UNAVAILABLE: the caller should retry; nothing was accepted. */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, "UNAVAILABLE", message, retryAfterSeconds, null);
    }

    /** 503 OVERLOADED: back-pressure, the caller's retry is our buffer. */
    public static ApiException overloaded(int retryAfterSeconds) {
        return new ApiException(503, "OVERLOADED", "too many requests in flight", retryAfterSeconds, null);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Object details() {
        return details;
    }
}
