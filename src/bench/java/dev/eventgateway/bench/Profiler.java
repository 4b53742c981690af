package dev.eventgateway.bench;

import dev.eventgateway.bench.load.LoadGenerator;
import dev.eventgateway.bench.load.LoadPhase;
import dev.eventgateway.bench.load.PayloadFactory;
import dev.eventgateway.bench.load.PhaseRecorder;
import dev.eventgateway.bench.load.Workload;
import dev.eventgateway.bench.report.Latency;
import dev.eventgateway.bench.target.Target;
import dev.eventgateway.bench.target.TargetEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code --profile}: each server in turn under the closed model's everyday mix, recorded by JFR (started and
 * stopped with jcmd around the measured window only, so start-up and warm-up stay out), then the two profiles side
 * by side in {@code profile.txt}: where the gateway spends what the floor does not.
 */
final class Profiler implements AutoCloseable {

    private static final List<String> JVM = List.of("-XX:FlightRecorderOptions=stackdepth=256");

    private final BenchOptions options;
    private final TargetEnvironment env;
    private final String runTag;
    private final Consumer<String> log;
    private final LoadGenerator load = new LoadGenerator();
    private final PayloadFactory payloads;

    Profiler(BenchOptions options, TargetEnvironment env, String runTag, Consumer<String> log) {
        this.options = options;
        this.env = env;
        this.runTag = runTag;
        this.log = log;
        this.payloads = new PayloadFactory(runTag, env.whats91Secret(), env.metaSecret(), 42);
    }

    Path run() throws IOException {
        StringBuilder report = new StringBuilder();
        report.append("Profiles of a closed-model run (").append(options.concurrency())
                .append(" in flight, everyday mix, ").append(options.profilePhase().toSeconds())
                .append(" s each, after a warm-up); jar ").append(options.jar()).append(", gateway settings ")
                .append(options.gatewayEnv()).append(", producer overrides for both ").append(options.producer())
                .append("\n\n");
        List<String> gatewayJvm = new java.util.ArrayList<>(JVM);
        gatewayJvm.addAll(options.gatewayJvm());
        try (Target gateway = Target.gateway(env, "gateway", "bench." + runTag + ".gw.", false, gatewayJvm,
                options.gatewayEnv())) {
            report.append(profile(gateway)).append('\n');
        }
        try (Target floor = Target.floor(env, "floor", "bench." + runTag + ".floor.raw", JVM, options.floorEnv())) {
            report.append(profile(floor)).append('\n');
        }
        Files.createDirectories(options.out());
        Path file = options.out().resolve("profile.txt");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private String profile(Target target) throws IOException {
        Path recording = env.workDir().resolve(target.name() + ".jfr");
        // a long warm-up: the profile is of compiled code, not of the JIT at work
        load.run(LoadPhase.closed(Workload.MIX, options.concurrency(), Duration.ZERO,
                options.targetWarmup().multipliedBy(6), Long.MAX_VALUE, Duration.ofSeconds(30)), target.port(),
                payloads, new PhaseRecorder(false, false));
        jcmd(target.pid(), "JFR.start", "name=bench", "settings=profile");
        double cpuBefore = ProcStats.of(target.pid()).cpuSeconds();
        java.util.Map<String, Double> threadsBefore = ProcStats.threadCpuSeconds(target.pid());
        PhaseRecorder recorder = load.run(LoadPhase.closed(Workload.MIX, options.concurrency(), Duration.ZERO,
                options.profilePhase(), Long.MAX_VALUE, Duration.ofSeconds(30)), target.port(), payloads,
                new PhaseRecorder(false, false));
        double cpu = ProcStats.of(target.pid()).cpuSeconds() - cpuBefore;
        StringBuilder threads = new StringBuilder("\n-- CPU by thread (kernel's count, native, GC and JIT included)\n");
        ProcStats.threadCpuSeconds(target.pid()).entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> threads.append(String.format("%6.1f%%  %7.2f s  %s%n", 100 * e.getValue() / cpu,
                        e.getValue(), e.getKey())));
        jcmd(target.pid(), "JFR.stop", "name=bench", "filename=" + recording);
        double seconds = options.profilePhase().toSeconds();
        Latency latency = Latency.of(recorder.latency());
        String head = String.format("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %.2f CPU cores, %.3f CPU s per 1,000 "
                        + "requests, answers %s%n", target.name(), recorder.okInWindow() / seconds, latency.p50(),
                latency.p99(), cpu / seconds, recorder.okInWindow() == 0 ? 0 : cpu / recorder.okInWindow() * 1000,
                recorder.statuses());
        log.accept(head.trim());
        return head + threads + "\n" + JfrHotFrames.report(target.name(), recording);
    }

    private void jcmd(long pid, String... command) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        load.close();
    }
}
