package dev.eventgateway.worker;

/** Why a record went to the dead-letter topic; the {@link DeadLetterHeaders#REASON} header and the metrics tag. */
public enum DeadLetterReason {
    /** It can never succeed (not JSON, not an event, missing its key fields, or refused as such by the database). */
    POISON,
    /** Every attempt failed. */
    EXHAUSTED;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
