package dev.eventgateway.ingress;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayProcess;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.RawHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input never crashes, leaks or grows the gateway (DESIGN §8), shown on the gateway as an operator runs it: its
 * own process, real sockets, real Kafka and PostgreSQL. Thousands of hostile requests, from one fixed seed (printed,
 * and {@code -Dgateway.fuzz.seed} replays another): signed mutated bodies, forged ones (a tampered body under the
 * original credentials, another webhook's secret), header, path, method and framing attacks, bodies sent slowly or
 * abandoned half-way. Then:
 * <ul>
 *   <li>no 5xx but 503 {@code UNAVAILABLE}/{@code OVERLOADED} (and 505 for an HTTP version it does not speak);</li>
 *   <li>every refusal carries the envelope and an {@code X-Request-Id};</li>
 *   <li>no forged request is accepted;</li>
 *   <li>no secret, no ERROR line and no stack trace in the log;</li>
 *   <li>the metric series count stays within {@link #MAX_NEW_SERIES} of what legitimate traffic made;</li>
 *   <li>the live heap after a full GC is at most {@link #MAX_HEAP_GROWTH} times what it was before.</li>
 * </ul>
 * Bounded to about a minute ({@value #DEFAULT_REQUESTS} requests); {@code -Dgateway.fuzz.requests=200000} makes a
 * soak of it.
 */
@GatewayIT
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class IngressFuzzIT {

    private static final long DEFAULT_SEED = 20261201L;
    private static final int DEFAULT_REQUESTS = 2_000;
    private static final int CLIENTS = 4;
    /** New metric series the hostile traffic may add beyond the warm-up's (status codes, outcomes per webhook). */
    private static final int MAX_NEW_SERIES = 300;
    private static final double MAX_HEAP_GROWTH = 1.5;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final String[] SNIPPETS = {"null", "[]", "{}", "\"\"", "0", "-1e999", "\"\\ud800\"", "true",
            "{\"a\":", "]", "\"x\":1", "\u0000", "\uFEFF", "1".repeat(400), "[".repeat(150), "\"wamid.\"", "\"😀\"",
            "\"\\u0000\"", "{\"entry\":[{\"changes\":[]}]}"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE",
            "CONNECT", "PRI", "BREW", "post", "P0ST", "X".repeat(200), "GET\u0000", "G E T"};
    private static final String[] PATHS = {"/webhooks/%zz", "/webhooks/%", "/webhooks/%u003c", "/webhooks/..%2f..%2f",
            "/webhooks//", "/webhooks/wh_meta_test/../wh_whats91_test", "/webhooks/wh_meta_test%00", "//webhooks",
            "/webhooks/" + "a".repeat(3000), "/webhooks/wh_%F0%9F%98%80", "/api/v2/webhooks", "/metrics?%zz=1",
            "/health/ready?x=%", "*", "http://evil.example/webhooks/wh_meta_test", "/webhooks/wh_meta_test?%E0%A4%A",
            "/webhooks/wh_meta_test?hub.mode=subscribe&hub.verify_token=%zz&hub.challenge=1", "/\u00e9", "/\t"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @Test
    void hostileRequestsNeverCrashLeakOrGrowTheGateway(GatewayStack stack) throws Exception {
        long seed = Long.getLong("gateway.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("gateway.fuzz.requests", DEFAULT_REQUESTS);
        System.out.println("ingress fuzz: seed " + seed + ", " + count + " requests (replay: -Dgateway.fuzz.seed="
                + seed + ")");
        Map<String, String> env = GatewayStack.environment(stack.servers(), Map.of(
                "GATEWAY_WORKERS_ENABLED", "false",
                "GATEWAY_INGRESS_MAX_BODY_BYTES", "65536"));
        try (GatewayProcess gateway = GatewayProcess.start(Path.of(env.get("GATEWAY_DATA_DIR")), env)) {
            int port = gateway.awaitStarted(Duration.ofSeconds(90));
            warmUp(port);
            int seriesBefore = series(gateway.managementPort());
            long heapBefore = liveHeapKb(gateway.pid());

            Random random = new Random(seed);
            List<Attack> attacks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                attacks.add(attack(random, i));
            }
            long started = System.nanoTime();
            runAll(port, attacks);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            int seriesAfter = series(gateway.managementPort());
            long heapAfter = liveHeapKb(gateway.pid());
            String log = logUpToNow(gateway, port);
            System.out.println("ingress fuzz: " + count + " requests in " + elapsedMs + " ms, statuses " + statuses
                    + ", metric series " + seriesBefore + " -> " + seriesAfter + ", live heap " + heapBefore
                    + " KB -> " + heapAfter + " KB");

            assertThat(failures).as("requests answered against the contract").isEmpty();
            assertThat(gatewayAlive(gateway.managementPort())).as("the gateway still serves").isTrue();
            for (String secret : secrets()) {
                assertThat(log).as("a secret in the log").doesNotContain(secret);
            }
            assertThat(errorLines(log)).as("ERROR lines or stack traces in the log").isEmpty();
            assertThat(seriesAfter).as("metric series after the run").isLessThanOrEqualTo(seriesBefore + MAX_NEW_SERIES);
            assertThat((double) heapAfter).as("live heap after the run, KB")
                    .isLessThanOrEqualTo(heapBefore * MAX_HEAP_GROWTH);
        }
    }

    // ---- the attacks ---------------------------------------------------------------------------------------------

    /**
     * One hostile request: its bytes (sent in {@code pieces} with a pause between them when slow), whether it is a
     * forgery that must never be accepted, and whether the server may close without answering (the client broke the
     * framing or left).
     */
    private record Attack(String kind, List<byte[]> pieces, boolean forged, boolean mayGoUnanswered,
                          boolean abandon) {

        boolean head() {
            return new String(pieces.get(0), 0, Math.min(5, pieces.get(0).length), StandardCharsets.ISO_8859_1)
                    .equals("HEAD ");
        }
    }

    private static Attack attack(Random random, int i) {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return signed(random);
        }
        if (roll < 55) {
            return forged(random);
        }
        if (roll < 65) {
            return headerAttack(random);
        }
        if (roll < 75) {
            return pathAttack(random);
        }
        if (roll < 82) {
            return methodAttack(random);
        }
        if (roll < 95) {
            return framingAttack(random);
        }
        return slow(random, i);
    }

    private static Attack signed(Random random) {
        String provider = Fixtures.PROVIDERS.get(random.nextInt(Fixtures.PROVIDERS.size()));
        byte[] body = mutate(fixture(provider, random), random);
        return new Attack("signed", List.of(post(provider, body, Fixtures.headers(Fixtures.webhook(provider), body))),
                false, false, false);
    }

    private static Attack forged(Random random) {
        String provider = Fixtures.PROVIDERS.get(random.nextInt(Fixtures.PROVIDERS.size()));
        byte[] original = fixture(provider, random);
        byte[] body = mutate(original, random);
        MultiMap headers;
        if (random.nextBoolean() || Arrays.equals(body, original)) {
            // the genuine credentials of another body: a tampered request
            headers = Fixtures.headers(Fixtures.webhook(provider), original);
            if (Arrays.equals(body, original)) {
                body = Arrays.copyOf(original, original.length + 1);
                body[original.length] = ' ';
            }
        } else {
            // signed and tokened with another provider's webhook secrets
            String other = Fixtures.PROVIDERS.get((Fixtures.PROVIDERS.indexOf(provider) + 1) % Fixtures.PROVIDERS.size());
            headers = Fixtures.headers(Fixtures.webhookBuilder(provider)
                    .signingSecret(Secret.ofNullable(Fixtures.signingSecret(other)))
                    .verificationToken(Secret.ofNullable(Fixtures.verificationToken(other)))
                    .build(), body);
        }
        if (random.nextInt(4) == 0) {
            headers.remove(headers.names().stream().filter(n -> !n.equalsIgnoreCase("Content-Type"))
                    .findFirst().orElse("none"));
        }
        return new Attack("forged", List.of(post(provider, body, headers)), true, false, false);
    }

    private static Attack headerAttack(Random random) {
        String provider = Fixtures.PROVIDERS.get(random.nextInt(Fixtures.PROVIDERS.size()));
        byte[] body = fixture(provider, random);
        MultiMap headers = Fixtures.headers(Fixtures.webhook(provider), body);
        int variant = random.nextInt(9);
        String extra = switch (variant) {
            case 0 -> "Content-Type: text/plain\r\n";
            case 1 -> "Content-Type: application/json\r\nContent-Type: application/xml\r\n";
            case 2 -> "X-Request-Id: " + "r".repeat(500) + "\r\n";
            case 3 -> "X-Request-Id: <script>\u0001\r\n";
            case 4 -> "X-Filler: " + "f".repeat(9_000) + "\r\n";
            case 5 -> "Transfer-Encoding: chunked\r\n";
            case 6 -> "X-Bad\u0000Name: v\r\n";
            case 7 -> " folded: continuation\r\n";
            default -> "Authorization: Bearer " + "x".repeat(random.nextInt(64)) + "\r\n";
        };
        byte[] request = post(provider, body, headers);
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n") + 2;
        String withExtra = text.substring(0, end) + extra + text.substring(end);
        // chunked framing over a plain body: the codec reads JSON as chunk sizes and drops the connection
        return new Attack("header", List.of(withExtra.getBytes(StandardCharsets.ISO_8859_1)), false, variant == 5,
                false);
    }

    private static Attack pathAttack(Random random) {
        String path = PATHS[random.nextInt(PATHS.length)];
        String method = random.nextBoolean() ? "GET" : "POST";
        String request = method + " " + path + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}";
        return new Attack("path", List.of(request.getBytes(StandardCharsets.UTF_8)), false, false, false);
    }

    private static Attack methodAttack(Random random) {
        String method = random.nextInt(3) == 0
                ? Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase()
                : METHODS[random.nextInt(METHODS.length)];
        String target = random.nextBoolean() ? "/webhooks/" + Fixtures.uid("whats91") : "/health/live";
        String request = method + " " + target + " HTTP/1.1\r\nHost: gateway\r\nContent-Length: 0\r\n\r\n";
        // CONNECT turns the rest of the connection into a tunnel in the codec's eyes
        return new Attack("method", List.of(request.getBytes(StandardCharsets.ISO_8859_1)), false,
                method.equals("CONNECT"), false);
    }

    private static Attack framingAttack(Random random) {
        String uid = Fixtures.uid("whats91");
        String head = "POST /webhooks/" + uid + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n";
        String request = switch (random.nextInt(10)) {
            case 0 -> head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
            case 1 -> head + "Transfer-Encoding: chunked\r\n\r\n" + "F".repeat(24) + "\r\n{}\r\n0\r\n\r\n";
            case 2 -> head + "Transfer-Encoding: chunked\r\n\r\n3\r\n{}{}{}\r\n0\r\n\r\n";
            case 3 -> head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
            case 4 -> head + "Content-Length: -1\r\n\r\n{}";
            case 5 -> head + "Content-Length: 99999999999999999999\r\n\r\n{}";
            case 6 -> "GET /health/live HTTP/" + (random.nextBoolean() ? "1.2" : "2.0") + "\r\nHost: g\r\n\r\n";
            case 7 -> head + "Content-Length: 2\r\n\r\n{}GET /health/live HTTP/1.1\r\nHost: g\r\n\r\n"; // pipelined
            case 8 -> "\r\n\r\n\r\nGET /health/live HTTP/1.1\r\nHost: g\r\n\r\n"; // leading empty lines
            default -> head + "Content-Length: 1000000\r\n\r\n{\"event\":"; // over the body limit
        };
        return new Attack("framing", List.of(request.getBytes(StandardCharsets.ISO_8859_1)), false, true, false);
    }

    private static Attack slow(Random random, int i) {
        String provider = Fixtures.PROVIDERS.get(random.nextInt(Fixtures.PROVIDERS.size()));
        byte[] body = fixture(provider, random);
        byte[] request = post(provider, body, Fixtures.headers(Fixtures.webhook(provider), body));
        List<byte[]> pieces = new ArrayList<>();
        int size = Math.max(1, request.length / 8);
        for (int at = 0; at < request.length; at += size) {
            pieces.add(Arrays.copyOfRange(request, at, Math.min(request.length, at + size)));
        }
        boolean abandon = i % 2 == 0;
        if (abandon) {
            pieces = pieces.subList(0, pieces.size() / 2 + 1); // the client leaves half-way through
        }
        return new Attack("slow", pieces, false, abandon, abandon);
    }

    private static byte[] fixture(String provider, Random random) {
        List<String> fixtures = Fixtures.list(provider);
        return Fixtures.bytes(fixtures.get(random.nextInt(fixtures.size())));
    }

    private static byte[] post(String provider, byte[] body, MultiMap headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder("POST /webhooks/" + Fixtures.uid(provider) + " HTTP/1.1\r\nHost: gateway\r\n");
        headers.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        if (headers.get("Content-Type") == null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** One to three random edits: byte flips, cuts, duplications, splices of JSON snippets. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] body = original;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && body.length > 1; e++) {
            int at = random.nextInt(body.length);
            body = switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] copy = body.clone();
                    copy[at] = (byte) random.nextInt(256);
                    yield copy;
                }
                case 1 -> Arrays.copyOf(body, at);
                case 2 -> splice(body, at, Arrays.copyOfRange(body, at, Math.min(body.length, at + 1 + random.nextInt(64))));
                default -> splice(body, at, SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(StandardCharsets.UTF_8));
            };
        }
        return body;
    }

    private static byte[] splice(byte[] body, int at, byte[] insert) {
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(body, at, out, at + insert.length, body.length - at);
        return out;
    }

    // ---- sending and checking ------------------------------------------------------------------------------------

    private void runAll(int port, List<Attack> attacks) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < attacks.size(); ) {
                        send(port, i, attacks.get(i));
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get(25, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private void send(int port, int i, Attack attack) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                for (int p = 0; p < attack.pieces().size(); p++) {
                    if (p > 0) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a slow client, on purpose
                    }
                    out.write(attack.pieces().get(p));
                    out.flush();
                }
            } catch (IOException closedEarly) {
                // the server answered and closed before everything was sent (a 413, a codec refusal): read on
            }
            if (attack.abandon()) {
                return;
            }
            check(i, attack, RawHttp.read(socket, attack.head()));
        } catch (IOException | AssertionError e) {
            if (!attack.mayGoUnanswered()) {
                failures.add("#" + i + " " + attack.kind() + ": " + e + " for " + preview(attack));
            }
        }
    }

    private void check(int i, Attack attack, RawHttp.Response response) {
        if (response == null) {
            statuses.computeIfAbsent("closed", k -> new AtomicInteger()).incrementAndGet();
            if (!attack.mayGoUnanswered()) {
                failures.add("#" + i + " " + attack.kind() + ": closed without an answer: " + preview(attack));
            }
            return;
        }
        int status = response.status();
        statuses.computeIfAbsent(Integer.toString(status), k -> new AtomicInteger()).incrementAndGet();
        String what = "#" + i + " " + attack.kind() + " " + response.statusLine() + " " + response.body() + " for "
                + preview(attack);
        if (status < 400) {
            if (attack.forged() && status == 200) {
                failures.add("forged request accepted: " + what);
            }
            return;
        }
        String id = response.header("X-Request-Id");
        if (attack.head()) {
            // the answer to HEAD has no body by HTTP, only the envelope's headers
            if (id == null || id.equals("-") || !"application/json".equals(response.header("Content-Type"))) {
                failures.add("no X-Request-Id or JSON content type: " + what);
            }
            return;
        }
        JsonObject envelope = response.envelope();
        if (envelope == null || id == null || id.equals("-")
                || !id.equals(envelope.getJsonObject("metadata").getString("requestId"))) {
            failures.add("no envelope or X-Request-Id: " + what);
            return;
        }
        String code = envelope.getString("error_code");
        boolean allowed5xx = status == 503 && (code.equals("UNAVAILABLE") || code.equals("OVERLOADED"))
                || status == 505 && code.equals("HTTP_VERSION_NOT_SUPPORTED");
        if (status >= 500 && !allowed5xx) {
            failures.add("5xx: " + what);
        }
    }

    private static String preview(Attack attack) {
        String text = new String(attack.pieces().get(0), StandardCharsets.ISO_8859_1);
        return text.substring(0, Math.min(200, text.length())).replace("\r\n", "\\r\\n");
    }

    // ---- what the process shows ----------------------------------------------------------------------------------

    /** One request of each legitimate kind, so the series they create are counted before the hostile run. */
    private void warmUp(int port) {
        for (String provider : Fixtures.PROVIDERS) {
            for (String fixture : Fixtures.list(provider)) {
                byte[] body = Fixtures.bytes(fixture);
                send(port, -1, new Attack("warm-up", List.of(post(provider, body,
                        Fixtures.headers(Fixtures.webhook(provider), body))), false, false, false));
            }
        }
        get(port, "/health/live");
        get(port, "/nowhere");
        failures.clear();
        statuses.clear();
    }

    private int series(int port) {
        return (int) get(port, "/metrics").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    private boolean gatewayAlive(int port) {
        return get(port, "/health/live").contains("UP");
    }

    private String get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process's live heap: a full GC first (jcmd GC.run), then the used size of the heap. */
    private static long liveHeapKb(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        assertThat(used.find()).as("jcmd GC.heap_info names the used heap").isTrue();
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** The whole log, once every line written so far has been read (an INFO line with a known id is awaited). */
    private String logUpToNow(GatewayProcess gateway, int port) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/"
                        + Fixtures.uid("whats91"))).header("Content-Type", "application/json")
                .header("X-Request-Id", marker).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.output().contains(marker));
        return gateway.output();
    }

    private static List<String> errorLines(String log) {
        return log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ") || l.contains("Exception:"))
                .limit(20).toList();
    }

    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of(GatewayStack.ADMIN_TOKEN, GatewayStack.SECRET_KEY,
                GatewayStack.WHATS91.secret(), GatewayStack.WHATS91.token(), GatewayStack.WHATS91_TEXT_ONLY.secret()));
        for (String provider : Fixtures.PROVIDERS) {
            secrets.add(Fixtures.signingSecret(provider));
            secrets.add(Fixtures.verificationToken(provider));
        }
        return secrets;
    }
}
