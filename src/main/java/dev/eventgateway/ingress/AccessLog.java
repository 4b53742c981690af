package dev.eventgateway.ingress;

import dev.eventgateway.config.AccessLogConfig;
import dev.eventgateway.http.ClientAddress;
import dev.eventgateway.http.ErrorEnvelopeHandler;
import dev.eventgateway.observability.LogFields;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The access log: one line per ingress request, written when its answer is, with the method, the route template,
 * the status, the duration, the bytes read and written, the client address and the request id as JSON fields (and
 * the webhook uid, the error code and the trace id when there are). On the {@code dev.eventgateway.access} logger at
 * the configured level ({@code ingress.accessLog.level}); at high rates {@code ingress.accessLog.sampleEvery} keeps
 * one accepted request in N, while every refusal is logged. Vert.x-web's {@code LoggerHandler} writes a fixed text
 * line, not fields, hence this handler.
 */
final class AccessLog implements PlatformHandler {

    static final String LOGGER = "dev.eventgateway.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final AccessLogConfig config;
    private final String route;

    AccessLog(AccessLogConfig config, String route) {
        this.config = config;
        this.route = route;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(done -> log(ctx, started));
        ctx.next();
    }

    private void log(RoutingContext ctx, long started) {
        int status = ctx.response().getStatusCode();
        if (status < 300 && config.sampleEvery() > 1 && ThreadLocalRandom.current().nextInt(config.sampleEvery()) != 0) {
            return;
        }
        LoggingEventBuilder line = config.level() == AccessLogConfig.Level.DEBUG ? LOG.atDebug() : LOG.atInfo();
        HttpServerRequest request = ctx.request();
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        String method = request.method().name();
        LogFields.request(line, ctx)
                .addKeyValue("method", method)
                .addKeyValue("path", route)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", durationMs)
                .addKeyValue("bytesIn", request.bytesRead())
                .addKeyValue("bytesOut", ctx.response().bytesWritten())
                .addKeyValue("client", client(ctx));
        String code = ctx.get(ErrorEnvelopeHandler.ERROR_CODE_KEY);
        if (code != null) {
            line.addKeyValue("errorCode", code);
        }
        line.log("{} {} {} {}ms", method, route, status, durationMs);
    }

    /**
     * The client address the rest of the ingress uses (behind a trusted proxy, the one it forwarded:
     * {@link ClientAddress}); the socket peer only for a request that ended before the address was resolved.
     */
    private static String client(RoutingContext ctx) {
        if (ctx.data().containsKey(ClientAddress.KEY)) {
            return ClientAddress.of(ctx);
        }
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** The handler, or null when the access log is off. */
    static AccessLog create(AccessLogConfig config, String route) {
        return config.level() == AccessLogConfig.Level.OFF ? null : new AccessLog(config, route);
    }
}
