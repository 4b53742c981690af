package dev.eventgateway.worker;

/**
 * Headers of a dead letter ({@code wa.<worker>.dlq}), next to the source record's own headers. Every value is UTF-8
 * text. The record's key and value are the source record's, byte for byte.
 */
public final class DeadLetterHeaders {

    /** Every header below starts with this; a record dead-lettered again keeps only the latest set. */
    public static final String PREFIX = "eg_dlq_";
    /** The worker that gave up: {@code crm}, {@code timeline} or {@code template-ops}. */
    public static final String WORKER = "eg_dlq_worker";
    /** Where the record was read: topic, partition, offset. */
    public static final String SOURCE_TOPIC = "eg_dlq_source_topic";
    public static final String SOURCE_PARTITION = "eg_dlq_source_partition";
    public static final String SOURCE_OFFSET = "eg_dlq_source_offset";
    /** {@code poison} (can never succeed) or {@code exhausted} (failed every attempt). */
    public static final String REASON = "eg_dlq_reason";
    /** The error of the last attempt: {@code ExceptionClass: message}, at most 1000 characters. */
    public static final String ERROR = "eg_dlq_error";
    /** Attempts made; 0 for a record that could not even be read. */
    public static final String ATTEMPTS = "eg_dlq_attempts";
    /** The event id, when the record could be read as an event. */
    public static final String EVENT_ID = "eg_dlq_event_id";
    /** When the worker gave up (ISO-8601). */
    public static final String FAILED_AT = "eg_dlq_failed_at";
    /** Set by {@code dlq requeue} on the re-enqueued record: {@code <dlq topic>/<partition>/<offset>}. */
    public static final String REQUEUED_FROM = "eg_requeued_from";

    static final int MAX_ERROR_LENGTH = 1000;

    private DeadLetterHeaders() {
    }

    /** The error header's text for a failure. */
    public static String error(Throwable failure) {
        String text = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
