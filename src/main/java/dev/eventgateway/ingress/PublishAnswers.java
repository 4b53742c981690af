package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.publish.SpoolFullException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * What the provider hears when a publish failed: the HTTP side of {@link dev.eventgateway.publish.PublishFailures},
 * which decides what the failure means for the producer.
 */
final class PublishAnswers {

    private PublishAnswers() {
    }

    /** The answer for the caller. Messages are ours: a Kafka exception text never reaches the client. */
    static ApiException toApiException(Throwable failure, int retryAfterSeconds) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof SpoolFullException) {
            return ApiException.overloaded(retryAfterSeconds); // Kafka is away and the spool full: back-pressure
        }
        if (failure instanceof RecordTooLargeException) {
            return ApiException.payloadTooLarge("the request is too large to store");
        }
        // timeouts, retriable and fatal Kafka errors alike (and the spool failed too, or is off): nothing was
        // accepted, the provider retries
        return ApiException.unavailable("events could not be stored now; retry later", retryAfterSeconds);
    }
}
