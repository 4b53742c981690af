package dev.eventgateway.bench;

import dev.eventgateway.bench.check.FreshnessCheck;
import dev.eventgateway.bench.check.KafkaLossCheck;
import dev.eventgateway.bench.load.LoadGenerator;
import dev.eventgateway.bench.load.LoadPhase;
import dev.eventgateway.bench.load.PayloadFactory;
import dev.eventgateway.bench.load.PhaseRecorder;
import dev.eventgateway.bench.load.Workload;
import dev.eventgateway.bench.report.Latency;
import dev.eventgateway.bench.report.PhaseResult;
import dev.eventgateway.bench.report.StageReport;
import dev.eventgateway.bench.report.Summary;
import dev.eventgateway.bench.target.OtlpSink;
import dev.eventgateway.bench.target.Target;
import dev.eventgateway.bench.target.TargetEnvironment;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The stages of one benchmark run, each alternating gateway and floor round by round (A B A B) so that whatever
 * else the machine does hits both alike: warm-up, maximum rate (closed model; a third server, the design-shaped
 * floor, in the same rounds), latency at 25/50/75% of the floor's
 * maximum (open model), cost by Meta batch size, cost by body size, the maximum rate with tracing on (a third
 * server, a gateway exporting a 1% sample of traces), then the gateway with its workers on ({@link WorkersStage}: its
 * own maximum, freshness per worker at half of it, each worker's cost) and many senders ({@link SendersStage}).
 * Every phase ends with the Kafka loss check.
 */
final class BenchRun implements AutoCloseable {


    static final int[] RATE_PERCENTS = {25, 50, 75};
    static final List<Workload> BATCHES = List.of(Workload.META_BATCH_1, Workload.META_BATCH_10,
            Workload.META_BATCH_50, Workload.META_BATCH_1000);
    /** 3 MB at the closed model's concurrency (64) is also the check that -Xmx512m holds 64 such requests. */
    static final List<Workload> BODIES = List.of(Workload.BODY_0_5K, Workload.BODY_4K, Workload.BODY_64K,
            Workload.BODY_3M);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long CLOSED_MAX_REQUESTS = 5_000_000;

    private final BenchOptions options;
    private final BenchServers servers;
    private final TargetEnvironment env;
    private final String runTag;
    private final PayloadFactory payloads;
    private final LoadGenerator load = new LoadGenerator();
    private final KafkaLossCheck kafkaCheck;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sampler");
        t.setDaemon(true);
        return t;
    });
    private final List<PhaseResult> results = new ArrayList<>();
    private final List<StageReport> reports = new ArrayList<>();
    private final Consumer<String> log;
    /** The freshness check of the last phase that had one (its per-worker figures). */
    private FreshnessCheck.Result lastFreshness;

    BenchRun(BenchOptions options, BenchServers servers, TargetEnvironment env, String runTag, Consumer<String> log) {
        this.options = options;
        this.servers = servers;
        this.env = env;
        this.runTag = runTag;
        this.log = log;
        this.payloads = new PayloadFactory(runTag, env.whats91Secret(), env.metaSecret(), runTag.hashCode());
        this.kafkaCheck = new KafkaLossCheck(env.kafkaBootstrap());
    }

    static String newSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    List<PhaseResult> results() {
        return results;
    }

    /** The figures of the stages that have their own (workers, senders). */
    List<StageReport> reports() {
        return reports;
    }

    String runTag() {
        return runTag;
    }

    TargetEnvironment env() {
        return env;
    }

    void log(String line) {
        log.accept(line);
    }

    FreshnessCheck.Result lastFreshness() {
        return lastFreshness;
    }

    /** PostgreSQL's CPU seconds so far (its whole process tree), 0 when it is not ours to see. */
    double postgresCpuSeconds() {
        return servers.postgresPid().isPresent() ? ProcStats.treeCpuSeconds(servers.postgresPid().getAsLong()) : 0;
    }

    /** Runs the selected stages; returns the targets' descriptions for the report. */
    List<Map<String, Object>> run() {
        List<Map<String, Object>> described = new ArrayList<>();
        double gatewayMax;
        // the maximum rates come first whatever the stages: the latency rates and the freshness rate derive from them
        {
            boolean tracing = options.stages().contains("tracing");
            try (OtlpSink sink = tracing ? OtlpSink.start() : null;
                 Target gateway = Target.gateway(env, "gateway", "bench." + runTag + ".gw.", false,
                    options.gatewayJvm(), options.gatewayEnv());
                 Target floor = Target.floor(env, "floor", "bench." + runTag + ".floor.raw", List.of(),
                         options.floorEnv());
                 Target designFloor = designFloor();
                 // started and warmed with the other two, so that all three have had the same JIT time
                 Target traced = tracing ? tracedGateway(sink) : null) {
                described.add(describe(gateway, "ingress only (GATEWAY_WORKERS_ENABLED=false), as the floor"));
                described.add(describe(floor, "the minimal pipeline"));
                described.add(describe(designFloor, "the floor doing the design's Kafka work: the raw record keyed "
                        + "by webhook plus one record keyed per request, the same producer settings"));
                List<Target> pair = List.of(gateway, floor);
                List<Target> warmed = new ArrayList<>(List.of(gateway, floor, designFloor));
                if (traced != null) {
                    warmed.add(1, traced);
                }
                warmUp(warmed);
                if (traced != null) {
                    // first after the warm-up, so that both gateways have run exactly the same load before
                    described.add(tracingStage(gateway, traced, floor, sink));
                }
                // three servers in alternating rounds: what the design's Kafka work costs (design floor against
                // the minimal one) and what the rest of the gateway costs (gateway against the design floor)
                for (int round = 1; round <= options.maxRounds(); round++) {
                    for (Target t : List.of(gateway, floor, designFloor)) {
                        measure("max", round, t, closed(Workload.MIX, options.maxPhase()), false);
                    }
                }
                double floorMax = median("max", Target.FLOOR);
                double designMax = median("max", Target.FLOOR_DESIGN);
                gatewayMax = median("max", Target.GATEWAY);
                log.accept(String.format("maximum rate: gateway %.0f req/s, floor %.0f req/s (ratio %.2f), design "
                        + "floor %.0f req/s (ratio %.2f)", gatewayMax, floorMax, floorMax == 0 ? 0
                        : gatewayMax / floorMax, designMax, designMax == 0 ? 0 : gatewayMax / designMax));
                if (options.stages().contains("latency")) {
                    for (int percent : RATE_PERCENTS) {
                        double rate = floorMax * percent / 100.0;
                        for (int round = 1; round <= options.latencyRounds(); round++) {
                            for (Target t : pair) {
                                measure("latency-" + percent, round, t, open(Workload.MIX, rate,
                                        options.latencyPhase()), false);
                            }
                        }
                    }
                }
                if (options.stages().contains("batches")) {
                    costStage("batches", BATCHES, pair);
                }
                if (options.stages().contains("bodies")) {
                    costStage("bodies", BODIES, pair);
                    described.set(0, withMemory(described.get(0), gateway));
                }

                for (Target t : pair) {
                    results.add(peak(t));
                }
            }
        }
        if (options.stages().contains("freshness")) {
            reports.add(new WorkersStage(this, options).run(described));
        }
        if (options.stages().contains(SendersStage.STAGE)) {
            reports.add(new SendersStage(this, options).run(described));
        }
        return described;
    }

    /** The ingress maximum of the gateway with tracing off, with tracing on, and the floor, in the same rounds. */
    private Map<String, Object> tracingStage(Target gateway, Target traced, Target floor, OtlpSink sink) {
        for (int round = 1; round <= options.maxRounds(); round++) {
            for (Target t : List.of(gateway, traced, floor)) {
                measure("tracing", round, t, closed(Workload.MIX, options.maxPhase()), false);
            }
        }
        Map<String, Object> d = new LinkedHashMap<>(describe(traced, "ingress only, tracing on: OTLP/HTTP to the "
                + "benchmark's own endpoint, 1% of the traces sampled"));
        d.put("otlp", String.format("%d export requests, %.1f KB of spans received", sink.exports(),
                sink.bytes() / 1024.0));
        log.accept("tracing: " + d.get("otlp"));
        return d;
    }

    /**
     * The floor with the design's Kafka work ({@code FLOOR_SECOND_TOPIC}, {@code FLOOR_KEY=webhook}), on topics of its
     * own; the run's {@code --floor-env} settings apply to it too, these two last.
     */
    private Target designFloor() {
        Map<String, String> design = new LinkedHashMap<>(options.floorEnv());
        design.put("FLOOR_SECOND_TOPIC", "bench." + runTag + ".floor-design.events");
        design.put("FLOOR_KEY", "webhook");
        return Target.floor(env, "floor-design", "bench." + runTag + ".floor-design.raw", List.of(), design)
                .named(Target.FLOOR_DESIGN);
    }

    /** The gateway with tracing on: a 1% sample (of traces the load does not start itself), exported to the sink. */
    private Target tracedGateway(OtlpSink sink) {
        Map<String, String> otel = new LinkedHashMap<>(options.gatewayEnv());
        otel.put("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
        otel.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
        otel.put("OTEL_TRACES_SAMPLER_ARG", "0.01");
        otel.put("OTEL_SERVICE_NAME", "event-gateway-bench");
        return Target.gateway(env, "gateway-traced", "bench." + runTag + ".traced.", false, options.gatewayJvm(),
                otel).named(Target.GATEWAY_TRACED);
    }

    /**
     * The gateway's memory after the body sizes (3 MB bodies, 64 in flight, at the benchmark's heap): whether its log
     * shows an OutOfMemoryError, and the largest heap occupancy its GC log recorded (before a collection).
     */
    private Map<String, Object> withMemory(Map<String, Object> description, Target gateway) {
        Map<String, Object> d = new LinkedHashMap<>(description);
        d.put("outOfMemoryError", gateway.process().logContains("OutOfMemoryError"));
        d.put("heapPeakMb", GcLog.peakHeapMb(env.workDir().resolve("gateway-gc.log")));
        d.put("heap", env.heap());
        return d;
    }

    /**
     * Warm-up until the JIT is done with both servers: every workload's code path once, then rounds of the everyday
     * mix until neither server's rate rises by more than 10% from one round to the next (at least three rounds,
     * at most {@code warmupRounds}). On a machine shared with other builds the compilers get little CPU, and a
     * fixed warm-up left both servers still speeding up through the first measured rounds.
     */
    void warmUp(List<Target> pair) {
        for (Workload workload : List.of(Workload.META_BATCH_10, Workload.BODY_4K, Workload.BODY_64K)) {
            for (Target t : pair) {
                measure("warmup", 0, t, LoadPhase.closed(workload, options.concurrency(), Duration.ZERO,
                        Duration.ofSeconds(options.quick() ? 2 : 4), CLOSED_MAX_REQUESTS, REQUEST_TIMEOUT), false);
            }
        }
        double[] last = new double[pair.size()];
        for (int round = 1; round <= options.warmupRounds(); round++) {
            boolean settled = round >= Math.min(3, options.warmupRounds());
            for (int i = 0; i < pair.size(); i++) {
                double rate = measure("warmup", round, pair.get(i), LoadPhase.closed(Workload.MIX,
                        options.concurrency(), Duration.ZERO, options.targetWarmup(), CLOSED_MAX_REQUESTS,
                        REQUEST_TIMEOUT), false).requestsPerSecond();
                settled &= last[i] > 0 && rate < last[i] * 1.10;
                last[i] = Math.max(last[i], rate);
            }
            if (settled) {
                log.accept("warm: neither server's rate rose by 10% in round " + round);
                return;
            }
        }
        log.accept("warm-up stopped after " + options.warmupRounds() + " rounds without settling");
    }

    private void costStage(String stage, List<Workload> workloads, List<Target> pair) {
        for (Workload workload : workloads) {
            for (int round = 1; round <= options.costRounds(); round++) {
                for (Target t : pair) {
                    measure(stage, round, t, closed(workload, options.costPhase()), false);
                }
            }
        }
    }

    LoadPhase closed(Workload workload, Duration measure) {
        return LoadPhase.closed(workload, options.concurrency(), options.phaseWarmup(), measure, CLOSED_MAX_REQUESTS,
                REQUEST_TIMEOUT);
    }

    LoadPhase open(Workload workload, double rate, Duration measure) {
        return LoadPhase.open(workload, rate, options.connections(), options.phaseWarmup(), measure,
                REQUEST_TIMEOUT);
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private double median(String stage, String target) {
        List<Double> values = results.stream()
                .filter(r -> r.stage().equals(stage) && r.target().equals(target))
                .map(PhaseResult::requestsPerSecond).sorted().toList();
        if (values.isEmpty()) {
            return 0;
        }
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    PhaseResult measure(String stage, int round, Target target, LoadPhase phase, boolean freshness) {
        return measure(stage, round, target, phase, freshness, payloads);
    }

    PhaseResult measure(String stage, int round, Target target, LoadPhase phase, boolean freshness,
                        PayloadFactory payloads) {
        List<String> topics = new ArrayList<>(target.bodyTopics());
        topics.addAll(target.eventTopics());
        Map<TopicPartition, Long> from = kafkaCheck.endOffsets(topics);
        PhaseRecorder recorder = new PhaseRecorder(target.readsEventIds(), freshness);
        PhaseSampler sampling = new PhaseSampler(sampler, target.pid(), servers.kafkaPid(), servers.postgresPid(),
                phase.warmup(), phase.measure());
        long logFrom = target.process().logSize();
        load.run(phase, target.port(), payloads, recorder);
        PhaseSampler.Cpu cpu = sampling.finish();
        Long stall = target.reportsStalls() ? target.process().longestEventLoopStallMs(logFrom) : null;
        Map<TopicPartition, Long> to = kafkaCheck.endOffsets(topics);
        KafkaLossCheck.Result kafka = kafkaCheck.check(from, to, target.bodyTopics(), recorder.ackedBodies(),
                target.eventTopics(), target.readsEventIds() ? recorder.ackedEvents() : null);
        PhaseResult.Freshness fresh = null;
        if (freshness) {
            log.accept("waiting for the workers' rows in PostgreSQL …");
            FreshnessCheck.Result f = FreshnessCheck.await(env.postgresUrl(), env.postgresUser(),
                    env.postgresPassword(), recorder.eventSendWallMicros(), recorder.eventsMeantInWindow(),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(120));
            lastFreshness = f;
            fresh = new PhaseResult.Freshness(f.status(), f.expected(), f.found(), f.missing(), f.duplicated(),
                    Latency.of(f.postToRow()), Latency.of(f.receivedToRow()), f.waitedSeconds());
        }
        double seconds = phase.measure().toMillis() / 1000.0;
        PhaseResult result = new PhaseResult(stage, target.name(), round, phase.model().name().toLowerCase(),
                phase.workload().id(), phase.rate(), phase.concurrency(), seconds, recorder.requests(),
                recorder.statuses(), recorder.nonOk(), recorder.okInWindow() / seconds,
                recorder.eventsInWindow() / seconds, recorder.bytesInWindow() / seconds / 1e6,
                Latency.of(recorder.latency()), Latency.of(recorder.serviceTime()), cpu.target(),
                cpu.target() / seconds, per1000(cpu.target(), recorder.eventsInWindow()),
                per1000(cpu.target(), recorder.okInWindow()), cpu.targetJit(),
                per1000(cpu.target() - cpu.targetJit(), recorder.eventsInWindow()), sampling.rssPeakMb(),
                cpu.broker(), cpu.postgres(),
                cpu.self(), Math.max(0, cpu.machine() - cpu.target() - cpu.broker() - cpu.postgres() - cpu.self()),
                kafka, recorder.idMismatches(), fresh, target.isAlive(), stall, recorder.latency());
        results.add(result);
        log.accept(line(result, phase));
        return result;
    }

    /** The process's peak resident set over its life (VmHWM), as a pseudo-phase. */
    private PhaseResult peak(Target target) {
        ProcStats.Sample sample = ProcStats.of(target.pid());
        return new PhaseResult("lifetime", target.name(), 0, "-", "-", 0, 0, 0, 0, Map.of(), 0, 0, 0, 0,
                Latency.of(null), Latency.of(null), sample.cpuSeconds(), 0, 0, 0, 0, 0, sample.hwmKb() / 1024.0, 0, 0, 0,
                0, null, 0, null, target.isAlive(), null, null);
    }

    private static double per1000(double cpu, long count) {
        return count == 0 ? 0 : cpu / count * 1000;
    }

    private static String line(PhaseResult r, LoadPhase phase) {
        String loss = r.kafka() == null ? "-" : String.format("bodies %d/%d%s", r.kafka().bodies().found(),
                r.kafka().bodies().expected(), r.kafka().events() == null ? "" : String.format(", events %d/%d",
                        r.kafka().events().found(), r.kafka().events().expected()));
        return String.format("[%s r%d] %-7s %-28s %7.0f req/s %8.0f ev/s  p50 %6.2f p99 %7.2f p99.9 %7.2f ms  "
                        + "cpu %.2f cores %.3f s/1k ev (%.3f w/o JIT)  rss %4.0f MB  non-200 %d %s  kafka %s%s%s",
                r.stage(), r.round(), r.target(), phase.describe(), r.requestsPerSecond(), r.eventsPerSecond(),
                r.latency().p50(), r.latency().p99(), r.latency().p999(), r.cpuCores(), r.cpuSecondsPer1000Events(),
                r.cpuSecondsPer1000EventsWithoutJit(), r.rssPeakMb(), r.nonOk(), r.nonOk() == 0 ? "" : r.answers().toString(), loss,
                r.lossless() ? "" : "  LOSS", r.longestEventLoopStallMs() == null ? ""
                        : "  longest loop stall " + r.longestEventLoopStallMs() + " ms");
    }

    static Map<String, Object> describe(Target t, String role) {
        return Map.of("name", t.name(), "role", role, "command", t.command(), "settings", t.settings());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        kafkaCheck.close();
        load.close();
    }
}
