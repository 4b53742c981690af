package dev.eventgateway.http;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.GatewayConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the listeners' fixed ports are free, checked before anything else starts: a port clash found only when the
 * HTTP server binds comes after the embedded Kafka and PostgreSQL were started (seconds) and says "Address already in
 * use" without naming the port. Another process may still take a port between this check and the bind; then the bind
 * fails as before.
 */
public final class ListenerPorts {

    private ListenerPorts() {
    }

    /**
     * @throws ConfigException naming each listener whose port is taken: the setting, its variable, host and port
     */
    public static void requireFree(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        check(problems, "http.port (GATEWAY_HTTP_PORT)", config.http().host(), config.http().port());
        if (!config.management().sharesPublicListener(config.http())) {
            check(problems, "management.port (GATEWAY_MANAGEMENT_PORT)", config.management().host(),
                    config.management().port());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void check(List<String> problems, String setting, String host, int port) {
        if (port <= 0) {
            return; // any free port
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            problems.add(setting + ": cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); stop what listens there or choose another port");
        }
    }
}
