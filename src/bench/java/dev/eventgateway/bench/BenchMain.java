package dev.eventgateway.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventgateway.bench.report.LatencyChart;
import dev.eventgateway.bench.report.MarkdownSummary;
import dev.eventgateway.bench.report.PhaseResult;
import dev.eventgateway.bench.report.StageReport;
import dev.eventgateway.bench.report.Summary;
import dev.eventgateway.bench.target.Target;
import dev.eventgateway.bench.target.TargetEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

/**
 * The benchmark's entry point ({@code bash src/bench/run.sh [--quick]}): the gateway jar beside the floor server, in
 * one run, on this machine, on loopback only; results to {@code docs/bench}. Exit code 0 when the run completed
 * (whatever its figures), 1 when it could not, 2 for a bad command line.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        quietLogging();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            System.out.print(BenchOptions.HELP);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + BenchOptions.HELP);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("no gateway jar at " + options.jar() + ": build it first (src/bench/run.sh does)");
            System.exit(2);
        }
        Instant started = Instant.now();
        String loadAtStart = Machine.loadAverage();
        String runTag = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36).toUpperCase();
        Path work = options.work().toAbsolutePath();
        clean(work);
        Files.createDirectories(work);
        log("benchmark " + runTag + (options.quick() ? " (quick)" : " (full)") + ", work dir " + work);
        try (BenchServers servers = BenchServers.start(options, work.resolve("servers"))) {
            log("servers: " + servers.description());
            TargetEnvironment env = new TargetEnvironment(options.jar().toAbsolutePath(),
                    System.getProperty("java.class.path"), work, servers.kafkaBootstrap(), servers.postgresUrl(),
                    servers.postgresUser(), servers.postgresPassword(), BenchRun.newSecret(), BenchRun.newSecret(),
                    options.partitions(), options.heap(), options.producer());
            if (options.profile()) {
                try (Profiler profiler = new Profiler(options, env, runTag, BenchMain::log)) {
                    Path report = profiler.run();
                    log("profile written to " + report);
                }
                return;
            }
            List<PhaseResult> phases;
            List<Map<String, Object>> targets;
            List<StageReport> reports;
            try (BenchRun run = new BenchRun(options, servers, env, runTag, BenchMain::log)) {
                targets = run.run();
                phases = run.results();
                reports = run.reports();
            }
            Instant finished = Instant.now();
            Map<String, Object> runInfo = new LinkedHashMap<>();
            runInfo.put("tag", runTag);
            runInfo.put("command", "bash src/bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args)));
            runInfo.put("mode", options.quick() ? "quick" : "full");
            runInfo.put("startedAt", started.truncatedTo(ChronoUnit.SECONDS).toString());
            runInfo.put("finishedAt", finished.truncatedTo(ChronoUnit.SECONDS).toString());
            runInfo.put("durationSeconds", Duration.between(started, finished).toSeconds());
            runInfo.put("commit", commit());
            runInfo.put("loadAverageAtStart", loadAtStart);
            runInfo.put("loadAverageAtEnd", Machine.loadAverage());
            double windows = phases.stream().mapToDouble(PhaseResult::measureSeconds).sum();
            double other = phases.stream().mapToDouble(PhaseResult::machineOtherCpuSeconds).sum();
            runInfo.put("otherCpuCoresDuringWindows", windows == 0 ? 0 : Math.round(other / windows * 100) / 100.0);
            Map<String, Object> settings = settings(options, servers);
            settings.put("targets", targets);
            write(options.out(), runInfo, Machine.describe(), settings, phases, reports);
            log("results written to " + options.out().toAbsolutePath());
        } catch (RuntimeException e) {
            log("benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static Map<String, Object> settings(BenchOptions o, BenchServers servers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("servers", servers.description());
        s.put("heap", o.heap());
        s.put("partitions", o.partitions());
        s.put("concurrency", o.concurrency());
        s.put("connections", o.connections());
        s.put("rounds", Map.of("warmupAtMost", o.warmupRounds(), "max", o.maxRounds(), "latency", o.latencyRounds(),
                "cost", o.costRounds()));
        s.put("seconds", Map.of("warmupRound", o.targetWarmup().toSeconds(), "phaseWarmup",
                o.phaseWarmup().toSeconds(), "max", o.maxPhase().toSeconds(), "latency", o.latencyPhase().toSeconds(),
                "cost", o.costPhase().toSeconds(), "freshness", o.freshnessPhase().toSeconds()));
        s.put("stages", o.stages());
        s.put("producer", "the gateway's KafkaConfig.producerProperties() in both: acks=all, enable.idempotence=true,"
                + " linger.ms=1, compression.type=lz4, max.in.flight.requests.per.connection=5"
                + (o.producer().isEmpty() ? "" : "; overridden in both: " + o.producer()));
        s.put("workloads", Stream.of(dev.eventgateway.bench.load.Workload.values())
                .collect(LinkedHashMap::new, (m, w) -> m.put(w.id(), w.description()), Map::putAll));
        s.put("gatewayEnv", o.gatewayEnv());
        s.put("floorEnv", o.floorEnv());
        s.put("gatewayJvm", o.gatewayJvm());
        return s;
    }

    private static void write(Path out, Map<String, Object> run, Map<String, Object> machine,
                              Map<String, Object> settings, List<PhaseResult> phases, List<StageReport> reports)
            throws IOException {
        Files.createDirectories(out);
        Summary summary = Summary.of(phases);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("machine", machine);
        json.put("settings", settings);
        json.put("summary", summary);
        Map<String, Object> stages = new LinkedHashMap<>();
        reports.forEach(r -> stages.put(r.name(), r.figures()));
        json.put("stages", stages);
        json.put("phases", phases);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("benchmark.json").toFile(), json);
        StringBuilder sections = new StringBuilder();
        reports.forEach(r -> sections.append('\n').append(r.markdown()));
        Files.writeString(out.resolve("summary.md"), MarkdownSummary.render(run, machine, settings, summary, phases)
                + sections, StandardCharsets.UTF_8);
        List<LatencyChart.Panel> panels = new ArrayList<>();
        for (Summary.LatencyAtRate l : summary.latency()) {
            String stage = "latency-" + l.percentOfFloorMax();
            panels.add(new LatencyChart.Panel(String.format("%d%% of the floor's maximum: %.0f req/s",
                    l.percentOfFloorMax(), l.rate()),
                    Summary.merged(Summary.select(phases, stage, Target.GATEWAY)),
                    Summary.merged(Summary.select(phases, stage, Target.FLOOR))));
        }
        if (!panels.isEmpty()) {
            LatencyChart.write(out.resolve("latency.png"), "Latency from intended send time, open model, everyday mix "
                    + "(" + run.get("mode") + " run " + run.get("startedAt") + ")", panels);
        }
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "unknown";
            }
            Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--", "src/main", "pom.xml")
                    .redirectErrorStream(true).start();
            String changes = new String(dirty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            dirty.waitFor(10, TimeUnit.SECONDS);
            return changes.isEmpty() ? out : out + " (with uncommitted changes)";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Removes the previous run's work dir (logs, embedded servers' data): every run starts from empty servers. */
    private static void clean(Path work) throws IOException {
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The benchmark's own lines go to stdout; of the libraries' (the jar's JSON logback setup), only errors, so that
     * the consumer's chatter about re-assigned partitions does not bury them. The servers log to their own files.
     */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            context.getLogger("org.apache.kafka").setLevel(Level.ERROR);
        }
    }

    static void log(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        System.out.flush();
    }
}
