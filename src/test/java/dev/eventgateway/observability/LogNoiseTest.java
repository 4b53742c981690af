package dev.eventgateway.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogNoiseTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void filtered() {
        LogNoise filter = new LogNoise();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        lines.setContext(context);
        lines.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(lines);
    }

    @Test
    void aClientsBadHttp2PrefaceIsNoErrorLine() {
        context.getLogger(LogNoise.VERTX_CONNECTION_LOGGER).error("First received frame was not SETTINGS",
                Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "First received frame was not SETTINGS"));

        assertThat(lines.list).isEmpty();
    }

    @Test
    void withoutItsExceptionAsVertxLogsItAboveDebugTheBadPrefaceIsNoErrorLineEither() {
        context.getLogger(LogNoise.VERTX_CONNECTION_LOGGER)
                .error("First received frame was not SETTINGS. Hex dump for first 5 bytes: 0000080600");

        assertThat(lines.list).isEmpty();
    }

    @Test
    void anyOtherConnectionErrorStaysAnError() {
        context.getLogger(LogNoise.VERTX_CONNECTION_LOGGER).error("boom", new IllegalStateException("a bug"));

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("boom");
    }

    @Test
    void vertxGaugesRegisteredAgainPerConnectionAreNoWarning() {
        Logger registry = context.getLogger(LogNoise.METER_REGISTRY_LOGGER);
        registry.warn("This Gauge has been already registered (MeterId{name='vertx.net.client.active.connections', "
                + "tags=[tag(local=?)]}), the registration will be ignored. Note that subsequent logs will be logged "
                + "at debug level.");
        registry.warn("This Gauge has been already registered (MeterId{name='gateway_worker_consumer_lag', tags=[]}), "
                + "the registration will be ignored.");

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains("gateway_worker_consumer_lag");
    }
}
