package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.observability.LogFields;
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.SpoolFullException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Where a verified request's records go (DESIGN §3): to Kafka, or to the spool when Kafka cannot acknowledge them, or
 * straight to the spool while it holds anything (so that nothing overtakes a spooled request). While Kafka answers,
 * this adds a volatile read and one future per request, and holds nothing.
 */
final class SpoolFallback {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFallback.class);
    /** In the routing context when the request's records went to the spool: its outcome is {@code spooled}. */
    static final String SPOOLED = "spooled";

    private SpoolFallback() {
    }

    /** Writes the batch to the spool without trying Kafka (the spool holds requests that it must not overtake). */
    static Future<Void> spool(RoutingContext ctx, Spool spool, IngressBatch batch) {
        return written(ctx, spool.write(batch), null);
    }

    /**
     * Kafka's acknowledgement, or, when Kafka failed and the spool is on, the batch written to the spool; when
     * spooled, {@link #SPOOLED} is set in the routing context. Fails with what {@link PublishAnswers} answers: Kafka's
     * failure when the spool is off or failed too, or {@link SpoolFullException}.
     *
     * @param again the same batch built anew: only needed once Kafka failed, so that the events need not be held while
     *              Kafka acknowledges
     */
    static Future<Void> orSpool(RoutingContext ctx, Spool spool, Future<Void> kafka, Supplier<IngressBatch> again) {
        if (!spool.enabled()) {
            return kafka;
        }
        return kafka.recover(failure -> {
            if (failure instanceof ApiException || failure instanceof RecordTooLargeException) {
                return Future.failedFuture(failure);
            }
            LogFields.request(LOG.atInfo(), ctx).log("kafka did not acknowledge; spooling the request [cause: {}]",
                    String.valueOf(failure));
            return written(ctx, spool.write(again.get()), failure);
        });
    }

    /** Whether the request's records went to the spool. */
    static boolean spooled(RoutingContext ctx) {
        return ctx.get(SPOOLED) != null;
    }

    private static Future<Void> written(RoutingContext ctx, Future<Void> write, Throwable kafkaFailure) {
        return write.transform(done -> {
            if (done.succeeded()) {
                ctx.put(SPOOLED, true);
                return Future.succeededFuture();
            }
            LogFields.request(LOG.atWarn(), ctx).log("spool write failed [cause: {}]", String.valueOf(done.cause()));
            boolean full = done.cause() instanceof SpoolFullException;
            return Future.failedFuture(full || kafkaFailure == null ? done.cause() : kafkaFailure);
        });
    }
}
