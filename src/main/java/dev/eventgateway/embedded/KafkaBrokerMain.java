package dev.eventgateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import kafka.server.Server;
import kafka.tools.StorageTool;
import picocli.CommandLine;

/**
 * Entry point of the child JVM that runs the embedded single-node Kafka broker (KRaft, combined broker and
 * controller). Started by {@link EmbeddedKafka}; not meant to be run by hand, though it can be for debugging:
 *
 * <pre>
 * java -cp event-gateway.jar dev.eventgateway.embedded.KafkaBrokerMain --data-dir DIR --port 9092
 *      --controller-port 9093 [--parent-pid PID] [--no-stdin-watch]
 * </pre>
 *
 * <p>It formats {@code DIR/data} on first use (with a cluster id kept in {@code DIR/cluster.id}), writes its pid to
 * {@code DIR/broker.pid}, logs to {@code DIR/broker.log}, and stops the broker and exits when its parent goes away:
 * when standard input reaches end-of-file (the parent's end of the pipe is closed by the kernel even after
 * {@code kill -9}) or when the process {@code --parent-pid} no longer exists. SIGTERM stops it cleanly too.
 */
public final class KafkaBrokerMain {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerMain.class);

    static final String PID_FILE = "broker.pid";
    static final String LOG_FILE = "broker.log";
    static final String CONSOLE_FILE = "broker.out";
    static final String DATA_DIR = "data";
    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String PROPERTIES_FILE = "broker.properties";

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    /** A broker that has not stopped this long after being asked is halted; the parent waits a little longer. */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(25);
    private static final Duration PARENT_POLL = Duration.ofSeconds(1);

    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    /** Start-up and shutdown of the server never overlap: a stop requested while it starts waits for it. */
    private static final Object LIFECYCLE = new Object();
    private static boolean started;

    private KafkaBrokerMain() {
    }

    /**
     * Runs the broker until the parent goes away or the process is terminated. Exit status 0 after a clean stop,
     * 1 when the broker failed, 2 on bad arguments or when the parent was already gone.
     */
    public static void main(String[] args) {
        Options options = new Options();
        CommandLine line = new CommandLine(options);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            line.usage(System.err);
            System.exit(2);
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            return;
        }
        Path dir = options.dataDir.toAbsolutePath().normalize();
        configureLogging(dir.resolve(LOG_FILE));
        ignoreTerminalInterrupt();

        int port = options.port;
        int controllerPort = options.controllerPort;
        OptionalLong parentPid = options.parentPid != null ? OptionalLong.of(options.parentPid) : OptionalLong.empty();
        long pid = ProcessHandle.current().pid();
        LOG.info("embedded kafka broker starting [pid: {}, port: {}, controllerPort: {}, dataDir: {}]", pid, port,
                controllerPort, dir);

        if (parentPid.isPresent() && !Processes.isAlive(parentPid.getAsLong())) {
            LOG.error("parent process is gone before start, exiting [parentPid: {}]", parentPid.getAsLong());
            System.exit(2);
        }
        try {
            writePidFile(dir.resolve(PID_FILE), pid);
            Path dataDir = dir.resolve(DATA_DIR);
            Properties props = brokerProperties(dataDir, port, controllerPort, options.nodeId, options.quorumVoters);
            if (options.sasl != null) {
                addSaslPlainListener(props, options.sasl.port, readUsers(options.sasl.users));
            }
            writeProperties(dir.resolve(PROPERTIES_FILE), props);
            formatIfNeeded(dir, dataDir, options.clusterId);

            Server server = createServer(props);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, dir, pid), "broker-shutdown"));
            if (!options.noStdinWatch) {
                watchStdin();
            }
            parentPid.ifPresent(KafkaBrokerMain::watchParent);
            synchronized (LIFECYCLE) {
                if (STOPPING.get()) {
                    return;
                }
                server.startup();
                started = true;
            }
            LOG.info("embedded kafka broker started [pid: {}, bootstrap: 127.0.0.1:{}]", pid, port);
            server.awaitShutdown();
        } catch (Throwable e) {
            LOG.error("embedded kafka broker failed, exiting", e);
            System.exit(1);
        }
    }

    /** Single-node settings: everything replicated once, nothing delayed, listening on loopback only. */
    static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        return brokerProperties(dataDir, port, controllerPort, NODE_ID, null);
    }

    /**
     * One node of a cluster of combined broker-controllers (tests of replication), or the single node when
     * {@code quorumVoters} is null: the internal topics are replicated up to three times, with two in sync from three
     * nodes on.
     *
     * @param quorumVoters {@code id@127.0.0.1:controllerPort,…} of every node, this one included
     */
    static Properties brokerProperties(Path dataDir, int port, int controllerPort, int nodeId, String quorumVoters) {
        Properties p = singleNode(dataDir, port, controllerPort, nodeId);
        if (quorumVoters == null) {
            return p;
        }
        int nodes = quorumVoters.split(",").length;
        String replicas = Integer.toString(Math.min(3, nodes));
        String minInSync = nodes >= 3 ? "2" : "1";
        p.setProperty("controller.quorum.voters", quorumVoters);
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInSync);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        // patient enough for nodes that start together on a small, busy machine; a dead node is fenced within 6 s
        p.setProperty("controller.quorum.election.timeout.ms", "2000");
        p.setProperty("controller.quorum.fetch.timeout.ms", "6000");
        p.setProperty("controller.quorum.request.timeout.ms", "5000");
        p.setProperty("broker.session.timeout.ms", "6000");
        p.setProperty("broker.heartbeat.interval.ms", "1000");
        return p;
    }

    private static Properties singleNode(Path dataDir, int port, int controllerPort, int nodeId) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        // 50 partitions by default: creating them is most of the first consumer group's wait on a fresh directory
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // the gateway creates its topics itself, as it must against a production cluster
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        return p;
    }

    /**
     * A second client listener, SASL_PLAINTEXT with the PLAIN mechanism, whose users are those given: for testing
     * clients that authenticate. Inter-broker and controller traffic stay on their plaintext listeners.
     */
    static void addSaslPlainListener(Properties p, int saslPort, Map<String, String> users) {
        p.setProperty("listeners", p.getProperty("listeners") + "," + SASL_LISTENER + "://127.0.0.1:" + saslPort);
        p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + "," + SASL_LISTENER
                + "://127.0.0.1:" + saslPort);
        p.setProperty("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ","
                + SASL_LISTENER + ":SASL_PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"")
                .append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        jaas.append(';');
        p.setProperty("listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                jaas.toString());
    }

    /** The SASL users file: {@code user=password} lines, as {@link Properties}. */
    private static Map<String, String> readUsers(Path file) throws IOException {
        Properties users = new Properties();
        try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            users.load(in);
        }
        Map<String, String> map = new TreeMap<>();
        users.stringPropertyNames().forEach(name -> map.put(name, users.getProperty(name)));
        if (map.isEmpty()) {
            throw new IOException("no SASL users in " + file);
        }
        return map;
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM)}, reflectively: the classes these
     * signatures need (kafka-server, kafka-metadata) are runtime-only dependencies of kafka_2.13, so they are on the
     * classpath of the jar but not of the compiler.
     */
    private static Server createServer(Properties props) throws ReflectiveOperationException {
        Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
        Object config = configClass.getMethod("fromProps", Properties.class, boolean.class).invoke(null, props, false);
        Object server = Class.forName("kafka.server.KafkaRaftServer").getConstructor(configClass, Time.class)
                .newInstance(config, Time.SYSTEM);
        return (Server) server;
    }

    /**
     * Formats through the {@code kafka-storage format} command itself, which validates the configuration the same
     * way as for a production node. With {@code controller.quorum.voters} set this is a static quorum, so the
     * controller port may change between starts.
     */
    private static void formatIfNeeded(Path dir, Path dataDir, String givenClusterId) throws IOException {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        if (givenClusterId != null) {
            writeAtomically(dir.resolve(CLUSTER_ID_FILE), givenClusterId + "\n");
        }
        String clusterId = readOrCreateClusterId(dir.resolve(CLUSTER_ID_FILE));
        LOG.info("formatting kafka storage [dir: {}, clusterId: {}]", dataDir, clusterId);
        Files.createDirectories(dataDir);
        String[] args = {"format", "--config", dir.resolve(PROPERTIES_FILE).toString(), "--cluster-id", clusterId};
        int status;
        try (PrintStream out = new PrintStream(new LogOutputStream(), true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args, out);
        }
        if (status != 0) {
            throw new IOException("formatting kafka storage failed [status: " + status + ", dir: " + dataDir + "]");
        }
    }

    /** The cluster id lives outside the log directory so that a re-format (lost meta.properties) keeps it. */
    private static String readOrCreateClusterId(Path file) throws IOException {
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        writeAtomically(file, id + "\n");
        return id;
    }

    private static void writePidFile(Path file, long pid) throws IOException {
        writeAtomically(file, pid + "\n");
    }

    private static void writeProperties(Path file, Properties props) throws IOException {
        StringBuilder text = new StringBuilder("# written at each start by KafkaBrokerMain; edits are overwritten\n");
        new TreeMap<>(props).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        writeAtomically(file, text.toString());
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(content);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Standard input is a pipe from the parent; end-of-file means the parent closed it or died. */
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[256];
            try (InputStream in = System.in) {
                while (in.read(buffer) >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                LOG.debug("reading stdin failed", e);
            }
            requestStop("parent closed stdin");
        }, "parent-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Backs up the stdin watch for parents that leave the pipe open in some other process. */
    private static void watchParent(long parentPid) {
        Thread t = new Thread(() -> {
            try {
                while (Processes.isAlive(parentPid)) {
                    Thread.sleep(PARENT_POLL.toMillis());
                }
                requestStop("parent process " + parentPid + " is gone");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parent-pid-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void requestStop(String reason) {
        if (!STOPPING.get()) {
            LOG.info("stopping embedded kafka broker [reason: {}]", reason);
        }
        // exits through the shutdown hook, which stops the broker
        System.exit(0);
    }

    private static void stop(Server server, Path dir, long pid) {
        STOPPING.set(true);
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_LIMIT.toMillis());
                LOG.error("embedded kafka broker did not stop in time, halting [limit: {} s]",
                        SHUTDOWN_LIMIT.toSeconds());
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "broker-shutdown-limit");
        halter.setDaemon(true);
        halter.start();
        long stopStarted = System.nanoTime();
        synchronized (LIFECYCLE) {
            if (started) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (Throwable e) {
                    LOG.error("stopping the embedded kafka broker failed", e);
                }
            }
        }
        Path pidFile = dir.resolve(PID_FILE);
        OptionalLong written = ServerFiles.readPid(pidFile);
        if (written.isPresent() && written.getAsLong() == pid) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.debug("removing pid file failed", e);
            }
        }
        LOG.info("embedded kafka broker stopped [took: {} ms]", ServerFiles.millisSince(stopStarted));
    }

    /**
     * The child shares the terminal's process group with the gateway, so Ctrl+C would reach the broker at the same
     * moment as the gateway and stop it under a producer that is still flushing. The gateway decides when the broker
     * stops (it closes our stdin), so SIGINT is ignored here. sun.misc.Signal is reached reflectively because javac
     * flags it as internal API; if that fails the default (stop on SIGINT) remains.
     */
    private static void ignoreTerminalInterrupt() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            Object ignore = handlerClass.getField("SIG_IGN").get(null);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handle.invoke(null, signal, ignore);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("could not ignore SIGINT", e);
        }
    }

    /** Logs to a rolling file in the data dir, whatever logging configuration the jar carries for the gateway. */
    private static void configureLogging(Path logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("broker-file");
        appender.setFile(logFile.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(logFile.resolveSibling("broker.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(5);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("20MB"));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        // per-request state changes and log segment housekeeping drown everything else at INFO
        context.getLogger("state.change.logger").setLevel(Level.WARN);
        context.getLogger("kafka.request.logger").setLevel(Level.WARN);
    }

    /** The child's command line, written by {@link EmbeddedKafka#spawnBroker}. */
    @CommandLine.Command(name = "KafkaBrokerMain",
            description = "Runs the embedded single-node Kafka broker until its parent goes away.")
    static final class Options {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        boolean help;

        @CommandLine.Option(names = "--data-dir", required = true, paramLabel = "DIR",
                description = "the broker's directory (dataDir/kafka)")
        Path dataDir;

        @CommandLine.Option(names = "--port", required = true, paramLabel = "PORT",
                description = "the client port on 127.0.0.1")
        int port;

        @CommandLine.Option(names = "--controller-port", required = true, paramLabel = "PORT",
                description = "the KRaft controller port on 127.0.0.1")
        int controllerPort;

        @CommandLine.Option(names = "--node-id", paramLabel = "ID", defaultValue = "1",
                description = "this node's id in the cluster (default 1)")
        int nodeId;

        @CommandLine.Option(names = "--quorum-voters", paramLabel = "VOTERS",
                description = "id@127.0.0.1:controllerPort of every node of a cluster, comma-separated; "
                        + "none for a single node")
        String quorumVoters;

        @CommandLine.Option(names = "--cluster-id", paramLabel = "ID",
                description = "the cluster id to format with (every node of a cluster the same); "
                        + "default: the one in DIR/cluster.id, created on first use")
        String clusterId;

        @CommandLine.Option(names = "--parent-pid", paramLabel = "PID",
                description = "stop when this process is gone")
        Long parentPid;

        @CommandLine.ArgGroup(exclusive = false)
        Sasl sasl;

        @CommandLine.Option(names = "--no-stdin-watch",
                description = "keep running when standard input closes (tests of a broker that outlives its parent)")
        boolean noStdinWatch;
    }

    /** An extra SASL listener: both options or neither. */
    static final class Sasl {
        @CommandLine.Option(names = "--sasl-port", required = true, paramLabel = "PORT",
                description = "also listen on this port with SASL_PLAINTEXT (PLAIN) for the users of --sasl-users")
        int port;

        @CommandLine.Option(names = "--sasl-users", required = true, paramLabel = "FILE",
                description = "the SASL users, user=password lines")
        Path users;
    }

    /** Sends the formatter's console output to the broker log, line by line. */
    private static final class LogOutputStream extends OutputStream {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) {
            if (b == '\n') {
                flush();
            } else {
                line.append((char) b);
            }
        }

        @Override
        public void flush() {
            if (line.length() > 0) {
                LOG.info("{}", line.toString().trim());
                line.setLength(0);
            }
        }
    }
}
