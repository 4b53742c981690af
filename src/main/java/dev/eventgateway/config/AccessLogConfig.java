package dev.eventgateway.config;

/**
 * The ingress access log: one line per request on the {@code dev.eventgateway.access} logger.
 *
 * @param level       {@code INFO} (the default), {@code DEBUG} (shown only at GATEWAY_LOG_LEVEL=DEBUG) or {@code OFF}
 * @param sampleEvery one accepted (2xx) request in this many is logged; refusals and errors always are. 1 = every one
 */
public record AccessLogConfig(Level level, int sampleEvery) {

    public enum Level { INFO, DEBUG, OFF }

    public static AccessLogConfig defaults() {
        return new AccessLogConfig(Level.INFO, 1);
    }
}
