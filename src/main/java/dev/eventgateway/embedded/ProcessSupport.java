package dev.eventgateway.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process and file helpers shared by the embedded servers. Linux first: {@code /proc} is read directly because
 * {@link ProcessHandle.Info} truncates long command lines and cannot see a process's working directory; the
 * fallbacks keep the code usable (if less thorough) where {@code /proc} is missing. All methods block briefly.
 */
final class ProcessSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupport.class);

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private ProcessSupport() {
    }

    /**
     * A TCP port that was free on the loopback interface a moment ago. Another process may take it before the
     * caller binds it; callers that pick ports this way retry when the server fails to bind.
     */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Fails fast, with a message an operator understands, when a configured port is already taken on 127.0.0.1;
     * the servers themselves would fail too, but later and deep in their logs.
     */
    static void requireFreeLoopbackPort(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new EmbeddedServerException(what + " cannot listen on 127.0.0.1:" + port
                    + ", the port is in use (" + e.getMessage() + "); choose another port or 0 for a free one");
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
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

    /** Reads a pid written as the first line of a file; empty when the file is missing or not a pid. */
    static OptionalLong readPid(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d{1,10}"))
                    .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The last {@code maxLines} lines of a text file (at most its last 64 KiB), or a note that there is none. */
    static String tail(Path file, int maxLines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] buffer = new byte[size];
            raf.seek(length - size);
            raf.readFully(buffer);
            String[] lines = new String(buffer, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, lines.length - maxLines);
            return String.join(System.lineSeparator(), List.of(lines).subList(from, lines.length));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }

    /**
     * What was appended to a file since it had {@code offset} bytes (all of it if it has shrunk, as a rolled log
     * does), at most the last 256 KiB; empty when there is no file.
     */
    static String textSince(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = offset <= length ? offset : 0;
            from = Math.max(from, length - 256 * 1024);
            byte[] buffer = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
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

    /** Milliseconds elapsed since a {@link System#nanoTime()} reading. */
    static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** Deletes a directory tree (or file); nothing when it does not exist. Does not follow symlinks. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether {@code candidate} names the same file as {@code expected}, tolerating symlinks and missing files. */
    static boolean samePath(Path candidate, Path expected) {
        Path a = candidate.toAbsolutePath().normalize();
        Path b = expected.toAbsolutePath().normalize();
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
