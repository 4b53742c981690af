package dev.eventgateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other processes, found and stopped: a stale server of a data directory, a child that did not stop. Linux first:
 * {@code /proc} is read directly because {@link ProcessHandle.Info} truncates long command lines and cannot see a
 * process's working directory; the fallbacks keep the code usable (if less thorough) where {@code /proc} is
 * missing. All methods block briefly.
 */
final class Processes {

    private static final Logger LOG = LoggerFactory.getLogger(Processes.class);

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private Processes() {
    }

    /**
     * Whether the process exists and is not a zombie. A zombie has exited but waits for its parent to reap it
     * (for example under a container init that does not reap); for our purposes it is gone.
     */
    static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // the command name in parentheses may itself contain spaces or parentheses: the state follows the last ')'
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** The argument vector of a process ({@code argv[0]} first); empty when it is gone or unreadable. */
    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) {
                args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
            }
            return args;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ph -> {
                List<String> args = new ArrayList<>();
                ph.info().command().ifPresent(args::add);
                ph.info().arguments().ifPresent(a -> args.addAll(List.of(a)));
                return args;
            }).orElse(List.of());
        }
    }

    /** The current working directory of a process, when it is ours (or we are root) and still alive. */
    static Optional<Path> workingDirectory(long pid) {
        return readLink(Path.of("/proc", Long.toString(pid), "cwd"));
    }

    /** The executable of a process, when it is ours (or we are root) and still alive. */
    static Optional<Path> executable(long pid) {
        return readLink(Path.of("/proc", Long.toString(pid), "exe"));
    }

    private static Optional<Path> readLink(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Every live process id on the machine, as far as we may see them. */
    static List<Long> allPids() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(ProcessHandle::pid).collect(Collectors.toList());
        }
    }

    /**
     * Stops a process: SIGTERM, up to {@code grace} for it to exit, then SIGKILL and up to 10 s more.
     *
     * @return whether the process is gone afterwards
     */
    static boolean terminate(long pid, Duration grace) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isAlive(pid)) {
            return true;
        }
        handle.get().destroy();
        if (awaitExit(pid, grace)) {
            return true;
        }
        LOG.warn("process did not stop in time, killing it [pid: {}, waited: {} ms]", pid, grace.toMillis());
        return kill(pid);
    }

    /** SIGKILL and up to 10 s for the process to disappear; returns whether it is gone. */
    static boolean kill(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return awaitExit(pid, KILL_WAIT);
    }

    /**
     * Waits for a process to exit, polling, which also works for processes that are not our children (their
     * {@link ProcessHandle#onExit()} is polled by the JDK too) and counts a zombie as exited.
     */
    static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** The effective user id of this process, from {@code /proc/self/status}; -1 when unknown. */
    static long effectiveUid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> Long.parseLong(l.substring(4).trim().split("\\s+")[1])).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
