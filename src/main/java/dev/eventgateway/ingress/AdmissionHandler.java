package dev.eventgateway.ingress;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.observability.Readiness;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 4, before the body is read:
 * <ul>
 *   <li>draining (from SIGTERM on): 503 UNAVAILABLE with Retry-After and {@code Connection: close}, so the provider
 *       retries against another gateway, while the requests admitted before finish (DESIGN §3, §7);</li>
 *   <li>back-pressure: at most {@code maxInFlight} requests of the process between admission and answer. Past it,
 *       503 OVERLOADED with Retry-After: the provider's retry becomes our buffer.</li>
 * </ul>
 */
final class AdmissionHandler implements SecurityPolicyHandler {

    private final AtomicInteger inFlight;
    private final int maxInFlight;
    private final int retryAfterSeconds;
    private final Readiness readiness;

    AdmissionHandler(AtomicInteger inFlight, int maxInFlight, int retryAfterSeconds, Readiness readiness) {
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
        this.retryAfterSeconds = retryAfterSeconds;
        this.readiness = readiness;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (readiness.shuttingDown()) {
            ctx.response().putHeader("Connection", "close");
            ctx.fail(ApiException.unavailable("the gateway is shutting down; retry", retryAfterSeconds));
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            ctx.fail(ApiException.overloaded(retryAfterSeconds));
            return;
        }
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.next();
    }
}
