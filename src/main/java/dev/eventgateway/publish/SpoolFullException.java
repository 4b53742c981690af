package dev.eventgateway.publish;

/** The spool holds {@code ingress.spool.maxBytes} already: the request is refused (503 OVERLOADED). */
public final class SpoolFullException extends RuntimeException {

    public SpoolFullException(long sizeBytes, long maxBytes) {
        super("spool full [bytes: " + sizeBytes + ", maxBytes: " + maxBytes + "]", null, false, false);
    }
}
