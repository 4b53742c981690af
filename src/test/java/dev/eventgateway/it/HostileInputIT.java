package dev.eventgateway.it;

import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.RawHttp;
import dev.eventgateway.support.Whats91Payloads;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile requests against the gateway as an operator runs it (its own process, real sockets, real Kafka and
 * PostgreSQL): each refusal is a 4xx (505 for a version it does not speak) with the envelope and an
 * {@code X-Request-Id}, and none of them writes an ERROR line, a stack trace or a token into the log.
 */
@GatewayIT
class HostileInputIT {

    private static final GatewayStack.TestWebhook WHATS91 = GatewayStack.WHATS91;
    private static final Pattern UUID_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private static GatewayProcess gateway;
    private static int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start(GatewayStack stack) {
        Map<String, String> env = GatewayStack.environment(stack.servers(), Map.of("GATEWAY_WORKERS_ENABLED", "false"));
        gateway = GatewayProcess.start(Path.of(env.get("GATEWAY_DATA_DIR")), env);
        port = gateway.awaitStarted(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    // ---- 1: depth ------------------------------------------------------------------------------------------------

    @Test
    void signedBodyNestedDeeperThanTheLimitIsRefusedWith400NotA503() throws Exception {
        // 1 (root) + 1 (data) + 998 arrays = 1,000 levels: what Jackson's reader admits by default
        byte[] deep = nestedInboundText("wamid.deep-" + UUID.randomUUID(), 998);

        HttpResponse<String> response = postSigned(deep);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("error_code")).isEqualTo("INVALID_PAYLOAD");
        assertThat(body.getJsonObject("metadata").getString("requestId"))
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void signedBodyAsDeepAsTheLimitAllowsIsAccepted() throws Exception {
        // 1 (root) + 1 (data) + 98 arrays = 100 levels, the payload limit: it must also be writable as an event
        HttpResponse<String> response = postSigned(nestedInboundText("wamid.deep-ok-" + UUID.randomUUID(), 98));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    // ---- 3: 413 closes -------------------------------------------------------------------------------------------

    @Test
    void connectionIsClosedAfter413InsteadOfReadingTheAnnouncedBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/" + WHATS91.uid() + " HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{\"event\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);

            RawHttp.Response response = RawHttp.read(socket);

            assertThat(response).isNotNull();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.envelope().getString("error_code")).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(RawHttp.closedWithin(socket, Duration.ofSeconds(5)))
                    .as("the server closes the connection rather than reading 100 MB").isTrue();
        }
    }

    // ---- 4: percent escapes --------------------------------------------------------------------------------------

    @Test
    void malformedPercentEscapesAre400WithTheEnvelopeAndNeverLogTheQuery() {
        int from = gateway.output().length();
        String token = "vt-" + UUID.randomUUID();
        List<String> targets = List.of(
                "/webhooks/wh_meta_test?hub.mode=subscribe&hub.verify_token=" + token + "&hub.challenge=%zz",
                "/webhooks/wh_meta_test?hub.verify_token=" + token + "&hub.challenge=%",
                "/webhooks/%zz?hub.verify_token=" + token,
                "/webhooks/wh_it_whats91%u003c?hub.verify_token=" + token);
        for (String target : targets) {
            RawHttp.Response response = RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: gateway\r\n\r\n");
            assertRefusal(response, 400, "BAD_REQUEST", target);
        }
        String log = logSince(from);
        assertThat(log).doesNotContain(token).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    // ---- 5: codec refusals ---------------------------------------------------------------------------------------

    @Test
    void requestsTheCodecRefusesGetTheEnvelopeARequestIdAndA4xx() {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GARBAGE\r\n\r\n", 400);
        requests.put("GET /health/live\r\n\r\n", 400);
        requests.put("POST /webhooks/" + WHATS91.uid() + " HTTP/1.1\r\nHost: g\r\nContent-Length: 3\r\n"
                + "Content-Length: 4\r\n\r\nabcd", 400);
        requests.put("GET /health/live HTTP/1.1\r\nHost: g\r\nX-Bad: a\u0001b\r\n\r\n", 400);
        requests.put("GET /health/live HTTP/1.1\r\nHost: g\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n", 431);
        requests.put("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: g\r\n\r\n", 414);
        int from = gateway.output().length();
        requests.forEach((request, status) -> assertRefusal(RawHttp.exchange(port, request), status, null,
                request.substring(0, Math.min(60, request.length()))));
        assertThat(logSince(from)).doesNotContain(" ERROR ").doesNotContain("\tat ");
    }

    @Test
    void anHttpVersionTheServerDoesNotSpeakIs505WithTheEnvelope() {
        for (String version : List.of("HTTP/1.2", "HTTP/2.0", "HTTP/0.9")) {
            RawHttp.Response response = RawHttp.exchange(port, "GET /health/live " + version + "\r\nHost: g\r\n\r\n");
            assertRefusal(response, 505, "HTTP_VERSION_NOT_SUPPORTED", version);
        }
    }

    // ---- 6: no Host ----------------------------------------------------------------------------------------------

    @Test
    void requestWithoutHostGetsARealRequestIdAndBadRequest() {
        RawHttp.Response response = RawHttp.exchange(port, "GET /health/live HTTP/1.1\r\n\r\n");

        assertRefusal(response, 400, "BAD_REQUEST", "no Host");
        assertThat(response.header("X-Request-Id")).matches(UUID_ID);
        assertThat(response.envelope().getString("message")).contains("Host");
    }

    // ---- 7: client misbehaviour ----------------------------------------------------------------------------------

    @Test
    void clientsClosingMidBodyOrBreakingChunksAreNotLoggedAsErrors() throws Exception {
        int from = gateway.output().length();
        String head = "POST /webhooks/" + WHATS91.uid() + " HTTP/1.1\r\nHost: g\r\nContent-Type: application/json\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write((head + "Content-Length: 500\r\n\r\n{\"event\":\"mess")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } // closed half-way through the body
        for (String chunks : List.of("zz\r\nabc\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
                "3\r\nabcdef\r\n0\r\n\r\n")) {
            RawHttp.Response response = RawHttp.exchange(port, head + "Transfer-Encoding: chunked\r\n\r\n" + chunks);
            if (response != null) {
                assertThat(response.status()).isBetween(400, 499);
            }
        }
        String log = logSince(from);
        assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception:");
    }

    // ---- 8: metric labels ----------------------------------------------------------------------------------------

    @Test
    void inventedMethodsShareOneMetricLabel() throws Exception {
        for (int i = 0; i < 20; i++) {
            RawHttp.Response response = RawHttp.exchange(port, "X" + UUID.randomUUID().toString()
                    .replace("-", "").substring(0, 10).toUpperCase() + " /webhooks/wh_none HTTP/1.1\r\nHost: g\r\n\r\n");
            assertThat(response.status()).isEqualTo(405);
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();

        Set<String> methods = new TreeSet<>();
        Matcher m = Pattern.compile("^vertx_http_server_\\w+\\{(?:[^}]*,)?method=\"([^\"]*)\"", Pattern.MULTILINE)
                .matcher(metrics);
        while (m.find()) {
            methods.add(m.group(1));
        }
        assertThat(methods).contains("GET", "OTHER").isSubsetOf("GET", "POST", "OTHER");
    }

    @Test
    void http2PriorKnowledgeWithABadPrefaceWritesNoErrorLine() throws Exception {
        int from = gateway.output().length();
        for (int i = 0; i < 3; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // a PING frame (length 8, type 6, stream 0) where the client's SETTINGS frame must come first
                out.write(new byte[]{0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
                out.flush();
                assertThat(RawHttp.closedWithin(socket, Duration.ofSeconds(10)))
                        .as("the server ends the connection").isTrue();
            }
        }

        assertThat(logSince(from)).doesNotContain(" ERROR ").doesNotContain("First received frame was not SETTINGS");
    }

    @Test
    void refusalCountersOfEveryReasonExistForAKnownWebhookBeforeItsFirstRefusal() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

        Set<String> reasons = new TreeSet<>();
        Matcher m = Pattern.compile("^gateway_ingress_refused_total\\{[^}]*reason=\"(\\w+)\",webhook=\""
                + Pattern.quote(WHATS91.uid()) + "\"} ", Pattern.MULTILINE).matcher(metrics);
        while (m.find()) {
            reasons.add(m.group(1));
        }
        assertThat(reasons).containsAll(java.util.Arrays.stream(dev.eventgateway.observability.RefusalCategory.values())
                .map(dev.eventgateway.observability.RefusalCategory::metricLabel).toList());
        // no test here presents a wrong client certificate: its counter is there, at 0
        assertThat(metrics).containsPattern("gateway_ingress_refused_total\\{[^}]*reason=\"client_certificate\",webhook=\""
                + Pattern.quote(WHATS91.uid()) + "\"} 0.0");
    }

    // ---- 9: the GET handshake --------------------------------------------------------------------------------------

    @Test
    void verificationHandshakeIsAnsweredOnlyForMetaWebhooks() throws Exception {
        String query = "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";
        HttpResponse<String> whats91 = get("/webhooks/" + WHATS91.uid() + query + WHATS91.token());
        HttpResponse<String> meta = get("/webhooks/wh_meta_test" + query
                + Fixtures.verificationToken("meta"));

        assertThat(whats91.statusCode()).isEqualTo(405);
        assertThat(whats91.body()).doesNotContain("1158201444");
        assertThat(new JsonObject(whats91.body()).getString("error_code")).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(meta.body()).isEqualTo("1158201444");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static byte[] nestedInboundText(String messageId, int arrays) {
        String body = new String(Whats91Payloads.inboundText(messageId, "919888888888", "deep"),
                StandardCharsets.UTF_8);
        String nested = "[".repeat(arrays) + "]".repeat(arrays);
        return body.replace("\"text\":\"deep\"", "\"text\":\"deep\",\"extra\":" + nested)
                .getBytes(StandardCharsets.UTF_8);
    }

    static void assertRefusal(RawHttp.Response response, int status, String code, String what) {
        assertThat(response).as("an answer to " + what).isNotNull();
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        JsonObject envelope = response.envelope();
        assertThat(envelope).as("the envelope for " + what + ": " + response.body()).isNotNull();
        assertThat(envelope.getBoolean("success")).isFalse();
        if (code != null) {
            assertThat(envelope.getString("error_code")).as(what).isEqualTo(code);
        }
        String id = response.header("X-Request-Id");
        assertThat(id).as("X-Request-Id for " + what).isNotBlank().isNotEqualTo("-");
        assertThat(envelope.getJsonObject("metadata").getString("requestId")).isEqualTo(id);
    }

    /**
     * The gateway's log from {@code from} on, once everything logged so far has been read: an unsigned request
     * with a known id is sent, and its INFO line awaited, so lines written before it cannot still be in the pipe.
     */
    private String logSince(int from) {
        String marker = "marker-" + UUID.randomUUID();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/webhooks/" + WHATS91.uid()))
                .header("Content-Type", "application/json").header("X-Request-Id", marker)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(refused.statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.output().contains(marker));
        return gateway.output().substring(from);
    }

    private HttpResponse<String> postSigned(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/" + WHATS91.uid()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new HashMap<>(WHATS91.headers(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
