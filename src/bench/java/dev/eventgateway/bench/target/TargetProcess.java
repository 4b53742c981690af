package dev.eventgateway.bench.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a JVM of its own, its console in a log file. Started with a clean environment as far as
 * {@code GATEWAY_*}, {@code FLOOR_*} and {@code OTEL_*} go; ready when its log shows the marker line; stopped with SIGTERM.
 */
public final class TargetProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    /** Servers still running: killed by a shutdown hook if the benchmark is stopped (Ctrl+C, SIGTERM, timeout). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "bench-target-cleanup"));
    }

    private final String name;
    private final Process process;
    private static final Pattern BLOCKED = Pattern.compile("eventloop\\S* has been blocked for (\\d+) ms");

    private final Path log;
    private final int port;

    private TargetProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static TargetProcess start(String name, List<String> command, Map<String, String> env, Path log, int port,
                               String readyMarker) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // OTEL_* too: tracing is on only where a stage turns it on
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("FLOOR_")
                || k.startsWith("OTEL_"));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        LIVE.add(process);
        TargetProcess target = new TargetProcess(name, process, log, port);
        target.awaitMarker(readyMarker);
        return target;
    }

    private void awaitMarker(String marker) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logContains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it served; "
                        + "log " + log + ":\n" + tail(40));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
        close();
        throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + "; log " + log + ":\n"
                + tail(40));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * Whether a line of the log contains the text. Reads line by line: after a full run the gateway's log (an access
     * log line per request) is larger than the benchmark's own heap.
     */
    public boolean logContains(String text) {
        if (!Files.exists(log)) {
            return false;
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The log's size now: where the lines of what happens next begin (see {@link #longestEventLoopStallMs}). */
    public long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The longest event-loop stall the log reports from byte {@code from} on: the largest duration of Vert.x's
     * blocked-thread checker lines about an event-loop thread ("Thread vert.x-eventloop-thread-0 has been blocked for
     * 27 ms, …"), 0 when there is none. The checker looks every few milliseconds, so this is the stall's length to
     * within that interval (10 ms at the benchmark's 20 ms warning).
     */
    public long longestEventLoopStallMs(long from) {
        long longest = 0;
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = BLOCKED.matcher(line);
                if (m.find()) {
                    longest = Math.max(longest, Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return longest;
        }
        return longest;
    }

    /** The last lines of the log, read line by line (see {@link #logContains}). */
    public String tail(int lines) {
        if (!Files.exists(log)) {
            return "";
        }
        ArrayDeque<String> last = new ArrayDeque<>(lines + 1);
        try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return String.join("\n", last);
        }
        return String.join("\n", last);
    }

    /** SIGTERM, up to 40 s for a graceful stop, then kill. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            LIVE.remove(process);
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LIVE.remove(process);
    }
}
