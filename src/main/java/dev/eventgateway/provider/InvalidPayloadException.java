package dev.eventgateway.provider;

/** A verified body that is not a shape the provider sends. Stackless: it is an expected, possibly frequent failure. */
public final class InvalidPayloadException extends RuntimeException {

    public InvalidPayloadException(String message) {
        super(message, null, false, false);
    }
}
