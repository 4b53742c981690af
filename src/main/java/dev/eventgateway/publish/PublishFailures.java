package dev.eventgateway.publish;

import dev.eventgateway.http.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place deciding what a Kafka send failure means. Transient failures (broker down, timeouts, leader
 * changes) are a 503 the provider retries; fatal ones leave the producer unusable, so it must be recreated.
 */
public final class PublishFailures {

    private PublishFailures() {
    }

    /** Whether the producer that failed this way can no longer send and must be closed and created anew. */
    public static boolean isFatal(Throwable failure) {
        return failure instanceof ProducerFencedException
                || failure instanceof OutOfOrderSequenceException
                || failure instanceof AuthenticationException
                || failure instanceof AuthorizationException
                || failure instanceof UnsupportedVersionException
                || failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("closed");
    }

    /** The answer for the caller. Messages are ours: a Kafka exception text never reaches the client. */
    public static ApiException toApiException(Throwable failure, int retryAfterSeconds) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof RecordTooLargeException) {
            return ApiException.payloadTooLarge("the request is too large to store");
        }
        // timeouts, retriable and fatal Kafka errors alike: nothing was accepted, the provider retries
        return ApiException.unavailable("events could not be stored now; retry later", retryAfterSeconds);
    }
}
