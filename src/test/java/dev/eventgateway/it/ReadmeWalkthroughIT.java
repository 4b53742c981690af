package dev.eventgateway.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Send it a webhook" walkthrough, run as a newcomer pastes it: its shell blocks (those between
 * {@code <!-- walkthrough -->} markers, in order) run by bash in an empty directory against the jar {@code mvn package}
 * built, embedded Kafka and PostgreSQL included. Only the ports differ from the README: {@code localhost:8080} and
 * {@code :8081} in the text become free ports, which the gateway gets through its variables, as do the embedded
 * servers, so the test cannot clash with a gateway already running on the machine.
 */
class ReadmeWalkthroughIT {

    private static final Path README = Path.of("README.md");
    private static final Path JAR = Path.of("target", "event-gateway.jar");
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- walkthrough[^>]*-->\\s*```sh\\n(.*?)```\\s*<!-- /walkthrough -->", Pattern.DOTALL);

    @Test
    void theSendItAWebhookBlockWorksWhenPastedWholeAndTheGatewayStopsCleanly(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the jar mvn package builds before the integration tests").exists();
        if (!onPath("curl")) {
            System.err.println("\n*** ReadmeWalkthroughIT SKIPPED: the README's walkthrough needs curl "
                    + "(apt-get install -y curl) ***\n");
            Assumptions.abort("no curl to run the walkthrough with");
        }
        int http = freePort();
        int management = freePort();
        int kafka = freePort(); // not 0: the walkthrough's `events` finds the embedded broker by its configured port
        String script = walkthrough(Files.readString(README))
                .replace("localhost:8080", "localhost:" + http)
                .replace("localhost:8081", "localhost:" + management);
        Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(dir.resolve(JAR), JAR.toAbsolutePath());
        Files.writeString(dir.resolve("walkthrough.sh"), script);

        ProcessBuilder builder = new ProcessBuilder("bash", "walkthrough.sh").directory(dir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("GATEWAY_HTTP_PORT", Integer.toString(http));
        env.put("GATEWAY_MANAGEMENT_PORT", Integer.toString(management));
        env.put("GATEWAY_EMBEDDED_KAFKA_PORT", Integer.toString(kafka));
        env.put("GATEWAY_EMBEDDED_POSTGRES_PORT", "0");

        Process bash = builder.start();
        Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
        Thread watcher = watchDescendants(bash, started);
        try {
            String output = read(bash.getInputStream());
            assertThat(bash.waitFor(5, TimeUnit.MINUTES)).as("the walkthrough ends").isTrue();
            String log = Files.exists(dir.resolve("gateway.log")) ? Files.readString(dir.resolve("gateway.log")) : "";

            assertThat(bash.exitValue()).as("exit status of the last command (the stopped gateway's)\n" + output
                    + "\ngateway.log:\n" + log).isZero();
            assertThat(output).as(output).contains("\"status\":\"UP\"")
                    .contains("{\"success\":true,\"accepted\":1,\"unrouted\":0,\"eventIds\":[\"evt_")
                    .contains("\"error_code\":\"UNAUTHORIZED\"")
                    .containsPattern("wa\\.messages\\.inbound/\\d+/\\d+ \\S+ message\\.inbound\\.text key=\\S+ "
                            + "\\{\"id\":\"evt_.*\"messageId\":\"wamid\\.demo1\"")
                    .doesNotContain("not ready");
            // the refusal's reason, as the grep of the log shows it
            assertThat(output).containsPattern("request refused \\[.*webhook: wh_demo.*reason: missing signature");
            // the gateway's JSON log goes to gateway.log, not to the terminal (but for the one line grep shows)
            assertThat(output.lines().filter(line -> line.contains("\"loggerName\""))
                    .filter(line -> !line.contains("request refused"))).as(output).isEmpty();
            assertThat(log).contains("gateway started").contains("gateway stopped");
        } finally {
            bash.destroyForcibly();
            watcher.interrupt();
            for (ProcessHandle child : started) {
                child.destroy();
            }
            for (ProcessHandle child : started) {
                child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
                    child.destroyForcibly();
                    return child;
                }).join();
            }
        }
    }

    /** The walkthrough's shell blocks, in the README's order, as one script. */
    static String walkthrough(String readme) {
        Matcher m = BLOCK.matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("the README's walkthrough blocks").hasSizeGreaterThanOrEqualTo(2);
        return String.join("\n", blocks);
    }

    /**
     * Notes every process bash starts while it runs (the backgrounded gateway and its embedded servers), so that a
     * walkthrough that fails half-way leaves nothing running.
     */
    private static Thread watchDescendants(Process bash, Set<ProcessHandle> started) {
        Thread watcher = new Thread(() -> {
            while (bash.isAlive() && !Thread.currentThread().isInterrupted()) {
                bash.descendants().forEach(started::add);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "walkthrough-processes");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
