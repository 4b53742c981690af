package dev.eventgateway.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTest {

    private final LogFormat format = new LogFormat();

    @Test
    void textAtATerminalJsonElsewhereUnlessTheVariableSays() {
        assertThat(format.appender(null, true)).isEqualTo("text");
        assertThat(format.appender("", false)).isEqualTo("json");
        assertThat(format.appender("text", false)).isEqualTo("text");
        assertThat(format.appender(" Json ", true)).isEqualTo("json");
    }

    @Test
    void anUnknownFormatIsWarnedAboutAndWritesJson() {
        LoggerContext context = new LoggerContext();
        format.setContext(context);

        assertThat(format.appender("yaml", true)).isEqualTo("json");
        assertThat(context.getStatusManager().getCopyOfStatusList()).extracting(Status::getMessage)
                .anyMatch(message -> message.contains("GATEWAY_LOG_FORMAT must be text or json, got 'yaml'"));
    }

    @Test
    void theBundledConfigurationWritesThroughTheChosenAppender() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var stdout = (ch.qos.logback.core.OutputStreamAppender<?>) root.getAppender("STDOUT");
        assertThat(stdout.getEncoder().getClass().getSimpleName())
                .isEqualTo(System.console() != null ? "PatternLayoutEncoder" : "LogstashEncoder");
        context.stop();
    }

    @Test
    void bothFormatsConfigureTheAppenderTheBundledConfigurationUses() throws Exception {
        for (String format : new String[]{"json", "text"}) {
            LoggerContext context = new LoggerContext();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(new java.io.ByteArrayInputStream(("<configuration><include resource=\"logback-"
                    + format + ".xml\"/><root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root></configuration>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            // configured from a stream, there is no file to watch for changes: that warning is this test's own
            assertThat(context.getStatusManager().getCopyOfStatusList()).as(format)
                    .filteredOn(status -> !status.getMessage().contains("ConfigurationWatchList"))
                    .noneMatch(status -> status.getLevel() >= Status.WARN);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).as(format).isNotNull();
            context.stop();
        }
    }
}
