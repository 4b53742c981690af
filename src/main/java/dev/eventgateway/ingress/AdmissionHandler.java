package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 4, back-pressure: at most {@code maxInFlight} requests of the process between admission and answer. Past it,
 * 503 OVERLOADED with Retry-After, before the body is read: the provider's retry becomes our buffer.
 */
final class AdmissionHandler implements SecurityPolicyHandler {

    private final AtomicInteger inFlight;
    private final int maxInFlight;
    private final int retryAfterSeconds;

    AdmissionHandler(AtomicInteger inFlight, int maxInFlight, int retryAfterSeconds) {
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            ctx.fail(ApiException.overloaded(retryAfterSeconds));
            return;
        }
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.next();
    }
}
