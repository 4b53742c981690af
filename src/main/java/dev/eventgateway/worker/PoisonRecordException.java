package dev.eventgateway.worker;

/**
 * A record that can never be applied, however often it is tried: not JSON, not a canonical event, an event of
 * another topic, or one missing the fields its worker keys on. It goes to the dead-letter topic at once.
 * Stackless: the message says what is wrong.
 */
public final class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message, null, false, false);
    }
}
