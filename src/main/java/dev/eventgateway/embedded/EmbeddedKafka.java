package dev.eventgateway.embedded;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller, Apache Kafka 4.1) running in a child JVM,
 * with its data under {@code dataDir/kafka}, kept across restarts, listening on 127.0.0.1 only.
 *
 * <p>The child ({@link KafkaBrokerMain}) is {@code java -Xmx… dev.eventgateway.embedded.KafkaBrokerMain …} on the
 * same java binary and the same classpath as this JVM (the shaded jar, or the test classpath), so its heap and GC
 * pauses stay apart from the gateway's. Its standard input is a pipe from this JVM: when this JVM dies, even by
 * {@code kill -9}, the kernel closes the pipe and the broker stops itself. Topics are not created automatically.
 *
 * <p>Layout of {@code dataDir/kafka}: {@code data/} the log and metadata directory; {@code broker.log} (rolled to
 * {@code broker.1.log} … at 20 MB) the broker's log; {@code broker.out} the child's console (JVM errors);
 * {@code broker.pid}, {@code broker.properties} (the effective settings), {@code cluster.id}; {@code owner.lock}
 * held by the JVM that runs the broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The child JVM's default maximum heap. */
    public static final String DEFAULT_MAX_HEAP = "512m";

    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgG]?");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The child halts itself 25 s after being asked to stop; this leaves it room to do so. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STALE_STOP_GRACE = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final String SASL_USERS_FILE = "sasl-users.properties";

    private final Path dir;
    private final Process process;
    private final int port;
    /** The SASL_PLAINTEXT listener's port, 0 when there is none. */
    private final int saslPort;
    private final OwnerLock lock;
    private boolean closed;

    private EmbeddedKafka(Path dir, Process process, int port, int saslPort, OwnerLock lock) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.saslPort = saslPort;
        this.lock = lock;
    }

    /**
     * Starts a broker with the default heap ({@value #DEFAULT_MAX_HEAP}); see {@link #start(Path, int, String)}.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_MAX_HEAP);
    }

    /**
     * Starts the broker on {@code dataDir/kafka}, formatting the storage on first use and first stopping any broker
     * a crashed earlier run left on that directory. Returns once the broker answers an admin request. Blocking
     * (a few seconds; at most about 60 s); call it from {@code main} or test set-up, never from an event loop.
     *
     * @param dataDir the gateway's data directory; created if missing
     * @param port    the client port on 127.0.0.1, or 0 for a free one (the controller always gets a free one)
     * @param maxHeap the child JVM's maximum heap, as for {@code -Xmx}, e.g. {@code 512m} or {@code 1g}
     * @return the running broker; {@link #close()} it
     * @throws EmbeddedServerException when the broker did not come up within 60 s or its process died (the message
     *                                 carries the end of the broker log), or the data directory is in use by
     *                                 another live process
     */
    public static EmbeddedKafka start(Path dataDir, int port, String maxHeap) {
        return start(dataDir, port, maxHeap, Map.of());
    }

    /**
     * As {@link #start(Path, int, String)}, with a second client listener on a free port that takes SASL_PLAINTEXT
     * with the PLAIN mechanism for these users ({@link #saslBootstrapServers()}): for tests of clients that
     * authenticate. The plaintext listener stays.
     *
     * @param saslUsers user name → password; none for no SASL listener
     */
    public static EmbeddedKafka start(Path dataDir, int port, String maxHeap, Map<String, String> saslUsers) {
        if (!HEAP_SIZE.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("not a heap size (like 512m or 1g): " + maxHeap);
        }
        long started = System.nanoTime();
        return LockedStart.start(dataDir, "kafka", "embedded kafka", port, dir -> "",
                (dir, lock) -> startLocked(dir, lock, port, maxHeap, Map.copyOf(saslUsers), started));
    }

    private static EmbeddedKafka startLocked(Path dir, OwnerLock lock, int port, String maxHeap,
            Map<String, String> saslUsers, long started) throws IOException, InterruptedException {
        stopStaleBrokers(dir);
        Path usersFile = dir.resolve(SASL_USERS_FILE);
        Files.deleteIfExists(usersFile);
        if (!saslUsers.isEmpty()) {
            writeUsers(usersFile, saslUsers);
        }
        if (port != 0) {
            LoopbackPorts.requireFreeLoopbackPort(port, "embedded kafka");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            int brokerPort = port == 0 ? LoopbackPorts.freeLoopbackPort() : port;
            int controllerPort = LoopbackPorts.freeLoopbackPort();
            while (controllerPort == brokerPort) {
                controllerPort = LoopbackPorts.freeLoopbackPort();
            }
            int saslPort = 0;
            while (!saslUsers.isEmpty() && (saslPort == 0 || saslPort == brokerPort || saslPort == controllerPort)) {
                saslPort = LoopbackPorts.freeLoopbackPort();
            }
            long logStart = sizeOf(dir.resolve(KafkaBrokerMain.LOG_FILE));
            Process process = spawnBroker(dir, brokerPort, controllerPort, saslPort, maxHeap, true);
            String failure;
            try {
                failure = awaitReady(process, brokerPort, deadline);
                if (failure == null && saslPort != 0 && !LoopbackPorts.acceptsConnections(saslPort)) {
                    failure = "the broker does not listen on its SASL port " + saslPort;
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
            if (failure == null) {
                EmbeddedKafka kafka = new EmbeddedKafka(dir, process, brokerPort, saslPort, lock);
                lock.setOwner(kafka);
                LOG.info("embedded kafka started [pid: {}, port: {}, controllerPort: {}, dataDir: {}, took: {} ms]",
                        process.pid(), brokerPort, controllerPort, dir, ServerFiles.millisSince(started));
                return kafka;
            }
            stopProcess(process);
            // only this attempt's part of the log counts: an older bind failure must not cause retries
            String log = ServerFiles.textSince(dir.resolve(KafkaBrokerMain.LOG_FILE), logStart);
            boolean portTaken = log.contains("BindException") || log.contains("Address already in use");
            if (portTaken && attempt < START_ATTEMPTS && System.nanoTime() - deadline < 0) {
                LOG.warn("embedded kafka could not bind its ports, retrying [port: {}, controllerPort: {}]",
                        brokerPort, controllerPort);
                continue;
            }
            throw new EmbeddedServerException("embedded kafka did not start: " + failure + " [dataDir: " + dir
                    + "]" + logTails(dir));
        }
    }

    /** The bootstrap address for clients, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * The SASL_PLAINTEXT listener's address, {@code 127.0.0.1:PORT}, when the broker was started with SASL users.
     */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker was started without a SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** The broker's directory, {@code dataDir/kafka}. */
    public Path directory() {
        return dir;
    }

    /** The broker's log file. */
    public Path logFile() {
        return dir.resolve(KafkaBrokerMain.LOG_FILE);
    }

    /** Whether the broker's JVM is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops the broker cleanly (by closing the child's stdin) and waits up to 30 s for its JVM to exit, then kills
     * it. Blocking; idempotent; thread-safe. Never throws: failures are logged.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long started = System.nanoTime();
        try {
            stopProcess(process);
            LOG.info("embedded kafka stopped [pid: {}, exitCode: {}, took: {} ms]", process.pid(),
                    process.isAlive() ? "none" : Integer.toString(process.exitValue()),
                    ServerFiles.millisSince(started));
        } finally {
            lock.close();
        }
    }

    /**
     * Lets go of the data directory without stopping the broker, which keeps running unwatched (a test stand-in for
     * a gateway that crashed while its broker survived); the next {@link #start} on the directory must replace it.
     */
    void abandon() {
        synchronized (this) {
            closed = true;
        }
        lock.abandon();
    }

    /** Closes the child's stdin (its signal to stop), then waits, then kills. */
    private static void stopProcess(Process process) {
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                LOG.debug("closing broker stdin failed", e);
            }
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("embedded kafka did not stop in time, killing it [pid: {}, waited: {} s]", process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Starts the child JVM. The classpath goes through the CLASSPATH variable so that the command line stays short
     * and readable in {@code ps} (and in /proc, where stale brokers are recognised by it).
     *
     * @param watchParent false only for tests that need a broker which outlives its parent
     */
    static Process spawnBroker(Path dir, int port, int controllerPort, int saslPort, String maxHeap,
            boolean watchParent) throws IOException {
        return spawnBroker(dir, port, controllerPort, saslPort, maxHeap, watchParent, List.of(), List.of());
    }

    /**
     * As {@link #spawnBroker(Path, int, int, int, String, boolean)}, with more JVM options and more of
     * {@link KafkaBrokerMain}'s options (a cluster node's {@code --node-id}, {@code --quorum-voters},
     * {@code --cluster-id}).
     */
    static Process spawnBroker(Path dir, int port, int controllerPort, int saslPort, String maxHeap,
            boolean watchParent, List<String> moreJvmOptions, List<String> moreOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(moreJvmOptions);
        command.add("-Xms64m");
        command.add("-Xmx" + maxHeap);
        // one small heap: the serial collector has the least footprint and pauses briefly at this size
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:-UsePerfData");
        command.add("-Djava.awt.headless=true");
        // Kafka's logging controller touches the Log4j 2 API; without log4j-core (as in the jar) Log4j would print
        // an ERROR about it to the console. Its simple logger keeps quiet below ERROR and the controller copes.
        command.add("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        command.add(KafkaBrokerMain.class.getName());
        command.add("--data-dir");
        command.add(dir.toString());
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--controller-port");
        command.add(Integer.toString(controllerPort));
        if (saslPort != 0) {
            command.add("--sasl-port");
            command.add(Integer.toString(saslPort));
            command.add("--sasl-users");
            command.add(dir.resolve(SASL_USERS_FILE).toString());
        }
        command.addAll(moreOptions);
        if (watchParent) {
            command.add("--parent-pid");
            command.add(Long.toString(ProcessHandle.current().pid()));
        } else {
            command.add("--no-stdin-watch");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(KafkaBrokerMain.CONSOLE_FILE).toFile()));
        builder.environment().put("CLASSPATH", absoluteClasspath());
        // the child gets exactly the JVM options above, not the gateway's
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        // stdin stays a pipe from this JVM: closing it, or this JVM's death, stops the broker
        return builder.start();
    }

    private static String absoluteClasspath() {
        String classpath = System.getProperty("java.class.path", "");
        return List.of(classpath.split(Pattern.quote(File.pathSeparator))).stream()
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Waits until the broker accepts connections and answers describeCluster with itself in it.
     *
     * @return null when ready, otherwise why not
     */
    private static String awaitReady(Process process, int port, long deadline) throws InterruptedException {
        // a plain connect first: an admin client bootstraps as soon as it exists, and polling a closed port fills
        // the gateway's log with connection warnings
        while (!LoopbackPorts.acceptsConnections(port)) {
            if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                return "the broker process exited with status " + process.exitValue();
            }
            if (System.nanoTime() - deadline >= 0) {
                return "the broker did not listen on port " + port + " within " + START_TIMEOUT.toSeconds() + " s";
            }
        }
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    return "the broker process exited with status " + process.exitValue();
                }
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes().get(6, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return null;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return "the broker did not answer describeCluster within " + START_TIMEOUT.toSeconds() + " s"
                            + (last == null ? "" : " (last error: " + last + ")");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Stops every broker JVM still running on this directory: the one named in broker.pid, and any other whose
     * command line names KafkaBrokerMain and this directory (a pid file can be lost or overwritten).
     */
    private static void stopStaleBrokers(Path dir) throws InterruptedException {
        Set<Long> candidates = new LinkedHashSet<>();
        ServerFiles.readPid(dir.resolve(KafkaBrokerMain.PID_FILE)).ifPresent(candidates::add);
        candidates.addAll(Processes.allPids());
        long self = ProcessHandle.current().pid();
        for (long pid : candidates) {
            if (pid == self || !isBrokerOf(pid, dir)) {
                continue;
            }
            LOG.warn("stopping stale embedded kafka broker left on the data directory [pid: {}, dataDir: {}]", pid,
                    dir);
            if (!Processes.terminate(pid, STALE_STOP_GRACE)) {
                throw new EmbeddedServerException("stale embedded kafka broker " + pid + " on " + dir
                        + " could not be stopped");
            }
        }
    }

    /** Whether the process is a broker JVM started by this class on {@code dir} (dataDir/kafka). */
    static boolean isBrokerOf(long pid, Path dir) {
        List<String> args = Processes.commandLine(pid);
        if (!args.contains(KafkaBrokerMain.class.getName())) {
            return false;
        }
        int i = args.indexOf("--data-dir");
        return i >= 0 && i + 1 < args.size() && ServerFiles.samePath(Path.of(args.get(i + 1)), dir);
    }

    /** The SASL users for the child, readable by this user only (the passwords stay off the command line). */
    private static void writeUsers(Path file, Map<String, String> users) throws IOException {
        Properties props = new Properties();
        props.putAll(users);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "SASL users of the embedded broker, written at each start");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String logTails(Path dir) {
        return ServerFiles.tailSection(dir.resolve(KafkaBrokerMain.LOG_FILE), 30)
                + ServerFiles.tailSection(dir.resolve(KafkaBrokerMain.CONSOLE_FILE), 10);
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", pid " + process.pid() + "]";
    }
}
