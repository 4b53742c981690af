package dev.eventgateway.support;

import dev.eventgateway.Gateway;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Real servers plus one gateway in external mode against them, on a random port, with a test webhook per provider.
 * Shared by every {@link GatewayIT} class of the JVM; tests tell their data apart by unique ids.
 */
public final class GatewayStack implements AutoCloseable {

    /** Test webhooks: uid → (provider, signing secret, token). */
    public static final TestWebhook WHATS91 =
            new TestWebhook("wh_it_whats91", "whats91", "it-whats91-secret", "it-crm-token");
    /** Subscribes to inbound texts only: other types go to the unrouted topic. */
    public static final TestWebhook WHATS91_TEXT_ONLY =
            new TestWebhook("wh_it_text_only", "whats91", "it-text-only-secret", null);

    /** The admin API's bearer token in every test gateway. */
    public static final String ADMIN_TOKEN = "it-admin-token";
    /**
     * The secret key of every test gateway: they share one PostgreSQL, so they must share the key that encrypts the
     * webhook secrets in it (an external database needs a configured key).
     */
    public static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final TestServers servers;
    private final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayStack(TestServers servers, Gateway gateway) {
        this.servers = servers;
        this.gateway = gateway;
    }

    static GatewayStack start() {
        TestServers servers = TestServers.start();
        try {
            return new GatewayStack(servers, Gateway.start(config(servers, Map.of())));
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    /** A gateway configuration in external mode against these servers, on a random port, plus extra variables. */
    public static GatewayConfig config(TestServers servers, Map<String, String> extraEnv) {
        Map<String, String> env = environment(servers, extraEnv);
        return ConfigLoader.load(Path.of(env.get("GATEWAY_DATA_DIR")), env);
    }

    /**
     * The environment of a gateway in external mode against these servers, with the test webhooks declared in a
     * fresh directory (its {@code GATEWAY_DATA_DIR}), on a random port: for {@link GatewayProcess} as for
     * {@link #config}.
     */
    public static Map<String, String> environment(TestServers servers, Map<String, String> extraEnv) {
        Path dir = TestServers.dataDir("gateway");
        try {
            Files.writeString(dir.resolve("webhooks.yaml"), """
                    webhooks:
                      - webhookUid: %s
                        provider: whats91
                        senderId: "916268662275"
                        signingSecret: %s
                        verificationToken: %s
                      - webhookUid: %s
                        provider: whats91
                        senderId: "916268662276"
                        signingSecret: %s
                        events: [message.inbound.text]
                    """.formatted(WHATS91.uid(), WHATS91.secret(), WHATS91.token(),
                    WHATS91_TEXT_ONLY.uid(), WHATS91_TEXT_ONLY.secret()) + fixtureWebhooks());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_CONFIG", dir.resolve("webhooks.yaml").toString(),
                "GATEWAY_HTTP_PORT", "0",
                "GATEWAY_MANAGEMENT_PORT", "0",
                "GATEWAY_HTTP_HOST", "127.0.0.1",
                "GATEWAY_DATA_DIR", dir.toString(),
                "GATEWAY_KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap(),
                "GATEWAY_POSTGRES_URL", servers.postgresUrl(),
                "GATEWAY_KAFKA_PARTITIONS", "3",
                "GATEWAY_SHUTDOWN_TIMEOUT", "5s"));
        env.putAll(adminEnv());
        env.putAll(extraEnv);
        return env;
    }

    /** The test webhook of each provider of the signed fixture corpus ({@link Fixtures#webhook}). */
    private static String fixtureWebhooks() {
        StringBuilder yaml = new StringBuilder();
        for (String provider : Fixtures.PROVIDERS) {
            yaml.append("""
                      - webhookUid: %s
                        provider: %s
                        senderId: "%s"
                        signingSecret: %s
                        verificationToken: %s
                    """.formatted(Fixtures.uid(provider), provider, Fixtures.senderId(provider),
                    Fixtures.signingSecret(provider), Fixtures.verificationToken(provider)));
        }
        return yaml.toString();
    }

    /** The admin token and the shared secret key, for any test gateway against the shared servers. */
    public static Map<String, String> adminEnv() {
        return Map.of("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN, "GATEWAY_SECRET_KEY", SECRET_KEY);
    }

    /** A client of this gateway's admin API that checks every answer against the OpenAPI document. */
    public AdminClient admin() {
        return new AdminClient(this::send, path -> isManagementPath(path) ? managementUri(path) : uri(path),
                ADMIN_TOKEN);
    }

    public Gateway gateway() {
        return gateway;
    }

    public TestServers servers() {
        return servers;
    }

    public KafkaProbe kafka() {
        return new KafkaProbe(servers.kafkaBootstrap());
    }

    public Db db() {
        return new Db(servers.jdbcUrl(), servers.user(), servers.password());
    }

    public String topic(String suffix) {
        return gateway.config().kafka().topic(suffix);
    }

    /** On the public listener. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    /** On the management listener. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.managementPort() + path);
    }

    /**
     * GETs the path from the listener that serves it: health, metrics and the API documents from the management
     * listener, everything else from the public one. A test of which listener answers what uses {@link #uri} and
     * {@link #managementUri} instead.
     */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(isManagementPath(path) ? managementUri(path) : uri(path)).GET().build());
    }

    /** The paths of the management listener (DESIGN §7). */
    public static boolean isManagementPath(String path) {
        return path.startsWith("/health/") || path.equals("/metrics") || path.startsWith("/metrics?")
                || path.equals("/api/v2/openapi.json") || path.equals("/api/v2/asyncapi.json");
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** POSTs the body to a fixture webhook with the headers its genuine provider sends. */
    public HttpResponse<String> postFixture(String provider, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        Fixtures.headers(Fixtures.webhook(provider), body).forEach(h -> headers.put(h.getKey(), h.getValue()));
        headers.remove("Content-Type");
        return post("/webhooks/" + Fixtures.uid(provider), body, headers);
    }

    /** POSTs the body to the webhook, signed and tokened as its provider would. */
    public HttpResponse<String> postSigned(TestWebhook webhook, byte[] body) {
        return post("/webhooks/" + webhook.uid(), body, webhook.headers(body));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the topics' contract over the whole run before the servers stop: every record on every event topic (and
     * the notifications topic) that the shared gateway wrote for any test, read or not by the test that caused it,
     * must name its schema in {@code ce_dataschema} and follow it ({@link KafkaProbe#records}).
     */
    @Override
    public void close() {
        try {
            checkEveryEventRecord();
        } finally {
            try {
                gateway.close();
            } finally {
                servers.close();
            }
        }
    }

    private void checkEveryEventRecord() {
        KafkaProbe kafka = kafka();
        for (EventCategory category : EventCategory.values()) {
            kafka.records(topic(category.topicSuffix()));
        }
        kafka.records(topic("notifications"));
    }

    /** A webhook the test gateway declares, with the credentials a provider would use. */
    public record TestWebhook(String uid, String provider, String secret, String token) {

        /** A POST of the body to this webhook on a plain listener of 127.0.0.1, signed and tokened as its provider would. */
        public HttpRequest signedPost(int port, byte[] body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/webhooks/" + uid))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers(body).forEach(request::header);
            return request.build();
        }

        public Map<String, String> headers(byte[] body) {
            var scheme = Providers.standard().get(provider).auth();
            Map<String, String> headers = new HashMap<>();
            if (secret != null && scheme.signatureHeader() != null) {
                headers.put(scheme.signatureHeader(), Signatures.headerValue(scheme, secret, body));
            }
            if (token != null) {
                switch (scheme.token()) {
                    case BEARER -> headers.put("Authorization", "Bearer " + token);
                    case CRM_HEADER -> headers.put("X-CRM-Webhook-Token", token);
                    default -> { }
                }
            }
            return headers;
        }
    }
}
