package dev.eventgateway.config;

import java.time.Duration;

/**
 * The management listener (DESIGN §7): health, metrics and the API documents, kept off the public port. Loopback by
 * default. A port equal to a fixed {@code http.port} serves everything on the public listener (one port, as before);
 * port 0 is any free port of its own, even when {@code http.port} is 0 too.
 *
 * @param eventLoopWarning an event-loop task running longer than this is logged with its duration so far (Vert.x's
 *                         blocked-thread checker, which looks every half of it, at most every second)
 * @param webhookSeries    how many webhooks get series of their own on {@code /metrics}; the others are aggregated
 */
public record ManagementConfig(String host, int port, Duration eventLoopWarning, int webhookSeries) {

    /** True when the management routes share the public listener instead of having one of their own. */
    public boolean sharesPublicListener(HttpConfig http) {
        return port != 0 && port == http.port();
    }

    public ManagementConfig withPort(int newPort) {
        return new ManagementConfig(host, newPort, eventLoopWarning, webhookSeries);
    }

    /** How often the blocked-thread checker looks: half the warning time, between 1 ms and 1 s. */
    public Duration eventLoopCheckInterval() {
        long millis = Math.max(1, Math.min(1000, eventLoopWarning.toMillis() / 2));
        return Duration.ofMillis(millis);
    }
}
