package dev.eventgateway.observability;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * Which appender {@code logback.xml} includes to write the log: {@code GATEWAY_LOG_FORMAT=json} (one JSON object per line,
 * for log shippers) or {@code text} (one readable line, for a person at a terminal). Unset: text when the gateway runs
 * at a terminal ({@link System#console()}, the JDK's test: both standard input and output are a terminal), JSON
 * otherwise, so that a container, a service manager or a pipe always gets JSON.
 */
public final class LogFormat extends PropertyDefinerBase {

    static final String VARIABLE = "GATEWAY_LOG_FORMAT";

    @Override
    public String getPropertyValue() {
        return appender(System.getenv(VARIABLE), System.console() != null);
    }

    /** {@code json} or {@code text} (logback-json.xml or logback-text.xml); an unknown value is reported, JSON used. */
    String appender(String configured, boolean terminal) {
        if (configured == null || configured.isBlank()) {
            return terminal ? "text" : "json";
        }
        String format = configured.trim().toLowerCase(Locale.ROOT);
        if (format.equals("text") || format.equals("json")) {
            return format;
        }
        addWarn(VARIABLE + " must be text or json, got '" + configured + "'; writing JSON");
        return "json";
    }
}
