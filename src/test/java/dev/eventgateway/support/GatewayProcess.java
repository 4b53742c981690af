package dev.eventgateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The gateway as an operator runs it: {@code GatewayMain} in a JVM of its own (same classes as the jar), with its
 * own environment. Collects its output; stops with SIGTERM or kill -9.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern STARTED =
            Pattern.compile("gateway started \\[(?:role: \\w+, )?port: (\\d+), managementPort: (\\d+).*?kafka: ([^,]+),");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private GatewayProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process is gone; what was read stays
            }
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static GatewayProcess start(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.eventgateway.GatewayMain"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        try {
            return new GatewayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the start-up line and returns the HTTP port. */
    public int awaitStarted(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> startedMatch() != null
                || !process.isAlive());
        Matcher m = startedMatch();
        if (m == null) {
            throw new AssertionError("gateway did not start; output:\n" + output());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The management listener's port (health, metrics) the gateway reported at start; call after {@link #awaitStarted}. */
    public int managementPort() {
        Matcher m = startedMatch();
        if (m == null) {
            throw new AssertionError("gateway has not started; output:\n" + output());
        }
        return Integer.parseInt(m.group(2));
    }

    /** The Kafka bootstrap address the gateway reported at start. */
    public String kafkaBootstrap() {
        Matcher m = startedMatch();
        return m == null ? null : m.group(3).trim();
    }

    private Matcher startedMatch() {
        synchronized (output) {
            for (String line : output) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        return null;
    }

    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("gateway still running after " + timeout + "; output:\n" + output());
            }
            reader.join(5000); // the last lines may still be in the pipe
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM, as an orchestrator stops it. */
    public void terminate() {
        // Process.destroy() would also close our end of its output pipe and lose the shutdown lines
        process.toHandle().destroy();
    }

    /** kill -9: no shutdown hook runs. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
