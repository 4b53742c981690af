package dev.eventgateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.io.IOException;
import java.util.List;

/**
 * Library lines that are not what their level says, logged at DEBUG on this class's logger instead, so that ERROR
 * stays "the gateway's fault or an outage" and a clean start has no WARN:
 * <ul>
 *   <li>Vert.x logs at ERROR every exception of a connection that has no exception handler, and an HTTP/2 connection
 *   reaches the gateway's code only after the client's SETTINGS frame: a client that opens with a bad preface ("First
 *   received frame was not SETTINGS") or breaks the protocol before then cannot be handled anywhere else. A protocol,
 *   codec or I/O exception there is the client's doing; any other exception stays an ERROR.</li>
 *   <li>vertx-micrometer registers its connection gauges ({@code vertx.net.client.active.connections},
 *   {@code vertx.http.server.active.connections}, …) again for every new connection and keeps one value per gauge
 *   itself; Micrometer warns about the second registration of a gauge ("This Gauge has been already registered").
 *   The values are right; only the {@code vertx.*} gauges are meant.</li>
 * </ul>
 */
public final class LogNoise extends TurboFilter {

    static final String VERTX_CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";
    static final String METER_REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    private static final Logger LOG = LoggerFactory.getLogger(LogNoise.class);
    /** Netty's errors for a client's broken HTTP/2 preface, and a connection the peer reset. */
    private static final List<String> CLIENT_MESSAGES = List.of("First received frame was not SETTINGS",
            "HTTP/2 client preface string missing or corrupt", "Unexpected HTTP/1.x request", "Connection reset by peer");

    /** Adds the filter to the logging context, once; nothing when logging is not logback. */
    public static synchronized void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(LogNoise.class::isInstance)) {
            LogNoise filter = new LogNoise();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                              Object[] params, Throwable t) {
        if (level == Level.ERROR && isClientCaused(format, t) && VERTX_CONNECTION_LOGGER.equals(logger.getName())) {
            LOG.debug("connection closed on a client's protocol error [cause: {}]", t != null ? t.toString() : format);
            return FilterReply.DENY;
        }
        if (level == Level.WARN && format != null && format.startsWith("This Gauge has been already registered")
                && format.contains("name='vertx.") && METER_REGISTRY_LOGGER.equals(logger.getName())) {
            LOG.debug("vert.x gauge registered again [message: {}]", format);
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /**
     * Vert.x passes the exception only when its logger is at DEBUG; otherwise just the message, which is then one of
     * Netty's HTTP/2 preface errors or a peer's reset.
     */
    static boolean isClientCaused(String message, Throwable t) {
        if (t != null) {
            return t instanceof Http2Exception || t instanceof DecoderException || t instanceof IOException;
        }
        return message != null && CLIENT_MESSAGES.stream().anyMatch(message::startsWith);
    }
}
