package dev.eventgateway.publish;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place deciding what a Kafka send failure means for the producer: fatal ones leave it unusable, so it must
 * be recreated; the others (broker down, timeouts, leader changes) are transient. What the caller hears is ingress's
 * decision ({@code ingress/PublishAnswers}).
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
}
