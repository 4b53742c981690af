package dev.eventgateway.ingress;

import dev.eventgateway.config.IngressConfig;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.observability.Readiness;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 4, before the body is read:
 * <ul>
 *   <li>draining (from SIGTERM on): 503 UNAVAILABLE with Retry-After and {@code Connection: close}, so the provider
 *       retries against another gateway, while the requests admitted before finish (DESIGN §3, §7);</li>
 *   <li>back-pressure: at most {@code maxInFlight} requests and {@code maxInFlightBytes} of their bodies in the
 *       process between admission and answer. Past either, 503 OVERLOADED with Retry-After: the provider's retry
 *       becomes our buffer, and the heap never holds more bodies than the budget.</li>
 * </ul>
 * A body's bytes are reserved from its {@code Content-Length}; a chunked body, whose size is not known yet, reserves
 * the body limit until it has been read ({@link #settle}). The budget is never below the body limit, so one request
 * always fits.
 */
final class AdmissionHandler implements SecurityPolicyHandler {

    private static final String RESERVATION = "admission.reservation";

    private final IngressLimits limits;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final int maxBodyBytes;
    private final int retryAfterSeconds;
    private final Readiness readiness;

    AdmissionHandler(IngressLimits limits, IngressConfig config, Readiness readiness) {
        this.limits = limits;
        this.maxInFlight = config.maxInFlight();
        this.maxInFlightBytes = config.maxInFlightBytes();
        this.maxBodyBytes = config.maxBodyBytes();
        this.retryAfterSeconds = config.retryAfterSeconds();
        this.readiness = readiness;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (readiness.shuttingDown()) {
            ctx.response().putHeader("Connection", "close");
            ctx.fail(ApiException.unavailable("the gateway is shutting down; retry", retryAfterSeconds));
            return;
        }
        if (limits.inFlight.incrementAndGet() > maxInFlight) {
            limits.inFlight.decrementAndGet();
            ctx.fail(ApiException.overloaded(retryAfterSeconds));
            return;
        }
        long bytes = reservedBytes(ctx.request());
        if (limits.inFlightBytes.addAndGet(bytes) > maxInFlightBytes) {
            limits.inFlightBytes.addAndGet(-bytes);
            limits.inFlight.decrementAndGet();
            ctx.fail(ApiException.overloaded(retryAfterSeconds));
            return;
        }
        Reservation reservation = new Reservation(limits.inFlightBytes, bytes);
        ctx.put(RESERVATION, reservation);
        ctx.addEndHandler(done -> {
            limits.inFlight.decrementAndGet();
            reservation.release();
        });
        ctx.next();
    }

    /** Once the body is read: the reservation becomes its actual size (smaller for a chunked body). */
    static void settle(RoutingContext ctx, int bodyBytes) {
        Reservation reservation = ctx.get(RESERVATION);
        if (reservation != null) {
            reservation.shrinkTo(bodyBytes);
        }
    }

    /** Content-Length when it is a number (over the limit, BodyHandler refuses it unread); else the body limit. */
    private long reservedBytes(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                return Math.min(Math.max(0, Long.parseLong(length.trim())), maxBodyBytes);
            } catch (NumberFormatException e) {
                return maxBodyBytes;
            }
        }
        return maxBodyBytes;
    }

    /** One request's share of the byte budget; all on the request's event loop, released exactly once. */
    private static final class Reservation {
        private final AtomicLong total;
        private long bytes;

        Reservation(AtomicLong total, long bytes) {
            this.total = total;
            this.bytes = bytes;
        }

        void shrinkTo(long actual) {
            if (actual < bytes) {
                total.addAndGet(actual - bytes);
                bytes = actual;
            }
        }

        void release() {
            total.addAndGet(-bytes);
            bytes = 0;
        }
    }
}
