package dev.eventgateway.worker;

import dev.eventgateway.Gateway;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A gateway of its own on the shared servers, for worker tests that stop, restart or reconfigure one: its own database
 * on the shared PostgreSQL server, its own topic prefix and its own consumer groups, so that neither it nor the shared
 * gateway sees the other's records, rows or outbox.
 */
final class IsolatedGateways {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IsolatedGateways() {
    }

    /** A unique lowercase name, e.g. {@code it_outage_3f2a9c1d}: a database name and, with dashes, a topic prefix. */
    static String uniqueName(String purpose) {
        return "it_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** The shared servers with a fresh, empty database of this name instead of the shared one. */
    static TestServers withOwnDatabase(GatewayStack stack, String database) {
        stack.db().execute("CREATE DATABASE " + database);
        return onDatabase(stack.servers(), database);
    }

    /** The same servers, pointed at another database. */
    static TestServers onDatabase(TestServers servers, String database) {
        return new TestServers(servers.kafkaBootstrap(),
                servers.postgresUrl().replaceFirst("/[^/]*$", "/" + database),
                servers.jdbcUrl().replaceFirst("/[^/]*$", "/" + database), servers.user(), servers.password(),
                List.of());
    }

    /**
     * Environment variables giving the gateway its own topics and consumer groups, quick retries, and the shared
     * secret key every gateway on the shared database needs.
     */
    static Map<String, String> env(String name, Map<String, String> extra) {
        String dashed = name.replace('_', '-');
        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_KAFKA_TOPIC_PREFIX", dashed + ".",
                "GATEWAY_WORKERS_CONSUMER_GROUP_PREFIX", dashed + "-",
                "GATEWAY_WORKERS_RETRY_BACKOFF", "50ms",
                "GATEWAY_WORKERS_MAX_RETRY_BACKOFF", "500ms",
                "GATEWAY_WORKERS_LAG_INTERVAL", "1s"));
        env.putAll(GatewayStack.adminEnv());
        env.putAll(extra);
        return env;
    }

    /** The topic prefix {@link #env} gives. */
    static String topicPrefix(String name) {
        return name.replace('_', '-') + ".";
    }

    /** The consumer group of a worker of the gateway {@link #env} configures. */
    static String group(String name, String worker) {
        return name.replace('_', '-') + "-" + worker;
    }

    /** POSTs the body to the gateway's webhook, signed and tokened as its provider would; returns the status. */
    static int post(Gateway gateway, GatewayStack.TestWebhook webhook, byte[] body) {
        return send(webhook.signedPost(gateway.httpPort(), body)).statusCode();
    }

    /** From the listener that serves the path: health and metrics from the management one. */
    static HttpResponse<String> get(Gateway gateway, String path) {
        int port = GatewayStack.isManagementPath(path) ? gateway.managementPort() : gateway.httpPort();
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
