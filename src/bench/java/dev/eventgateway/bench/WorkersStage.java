package dev.eventgateway.bench;

import dev.eventgateway.bench.check.FreshnessCheck;
import dev.eventgateway.bench.check.WorkerLag;
import dev.eventgateway.bench.load.Workload;
import dev.eventgateway.bench.report.Latency;
import dev.eventgateway.bench.report.PhaseResult;
import dev.eventgateway.bench.report.StageReport;
import dev.eventgateway.bench.target.Target;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway as a user runs it, with its workers, in three steps:
 * <ol>
 *   <li><b>maximum with workers</b>: the everyday mix in the closed model against a gateway whose workers run in the
 *       same process (rounds as the ingress maximum); after each round the workers are given time to catch up, and
 *       how long that took is reported (a long catch-up: ingress outran the workers);</li>
 *   <li><b>freshness</b> at half of that maximum (open model), POST → row and received → row for every worker;</li>
 *   <li><b>each worker's own cost</b>: a second, ingress-only gateway on the same topics takes one worker's kind of
 *       event at a time (Whats91 texts: crm; Meta statuses: timeline; Meta template updates: template-ops), while the
 *       gateway with workers gets no HTTP traffic; its CPU (and PostgreSQL's) from the start of the load until the
 *       worker caught up, less its idle CPU over as long, per 1,000 events, is that worker's cost.</li>
 * </ol>
 */
final class WorkersStage {

    static final String MAX = "workers-max";
    static final String FRESHNESS = "freshness";
    static final String COST = "worker-cost";
    /** Each worker and the workload whose events only it consumes. */
    private static final Map<String, Workload> ALONE = new LinkedHashMap<>();

    static {
        ALONE.put("crm", Workload.BODY_0_5K);
        ALONE.put("timeline", Workload.META_BATCH_1);
        ALONE.put("template-ops", Workload.META_TEMPLATES);
    }

    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);

    private final BenchRun run;
    private final BenchOptions options;

    WorkersStage(BenchRun run, BenchOptions options) {
        this.run = run;
        this.options = options;
    }

    StageReport run(List<Map<String, Object>> described) {
        Map<String, Object> figures = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        String prefix = "bench." + run.runTag() + ".fresh.";
        List<String> groups = FreshnessCheck.WORKERS.stream().map(w -> "event-gateway-" + w).toList();
        try (Target gateway = Target.gateway(run.env(), "gateway-workers", prefix, true, options.gatewayJvm(),
                options.gatewayEnv());
             WorkerLag lag = new WorkerLag(run.env().kafkaBootstrap(), groups)) {
            described.add(BenchRun.describe(gateway, "with its workers (GATEWAY_WORKERS_ENABLED=true)"));
            // a new JVM: warm it like the first one, or the phases would meet the JIT at work
            run.warmUp(List.of(gateway));
            catchUp(lag, "warm-up");

            List<Double> rates = new ArrayList<>();
            List<Double> catchUps = new ArrayList<>();
            for (int round = 1; round <= options.maxRounds(); round++) {
                rates.add(run.measure(MAX, round, gateway, run.closed(Workload.MIX, options.maxPhase()), false)
                        .requestsPerSecond());
                catchUps.add(catchUp(lag, MAX + " round " + round));
            }
            double max = BenchRun.medianOf(rates);
            figures.put("maxRequestsPerSecond", max);
            figures.put("catchUpSecondsAfterMaxRounds", catchUps);
            double rate = Math.max(10, max / 2);
            run.log(String.format("maximum with workers: %.0f req/s; freshness at %.0f req/s", max, rate));

            PhaseResult fresh = run.measure(FRESHNESS, 1, gateway, run.open(Workload.MIX, rate,
                    options.freshnessPhase()), true);
            FreshnessCheck.Result f = run.lastFreshness();
            Map<String, Object> perWorker = new LinkedHashMap<>();
            if (f != null && f.byWorker() != null) {
                f.byWorker().forEach((worker, h) -> perWorker.put(worker, Map.of(
                        "postToRow", Latency.of(h[0]), "receivedToRow", Latency.of(h[1]),
                        "events", h[0].getTotalCount())));
            }
            run.log("freshness per worker: " + perWorker);
            figures.put("freshnessRate", rate);
            figures.put("freshnessAchievedRequestsPerSecond", fresh.requestsPerSecond());
            figures.put("freshnessByWorker", perWorker);
            catchUp(lag, FRESHNESS);

            Map<String, Object> costs = costs(gateway, lag, prefix);
            figures.put("workerCost", costs);
            md.append(markdown(max, catchUps, rate, fresh, f, costs));
        }
        return new StageReport("workers", figures, md.toString());
    }

    /**
     * Each worker's own cost: the gateway with workers receives nothing over HTTP; an ingress-only gateway on the same
     * topics takes the load.
     */
    private Map<String, Object> costs(Target workers, WorkerLag lag, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Target ingress = Target.gateway(run.env(), "gateway-ingress-for-workers", prefix, false,
                options.gatewayJvm(), options.gatewayEnv())) {
            run.warmUp(List.of(ingress));
            catchUp(lag, "ingress warm-up");
            // the workers' process with nothing to do: timers, the lag monitor, the outbox poller
            double idleSeconds = 3;
            double idleStart = ProcStats.of(workers.pid()).cpuSeconds();
            sleep(Duration.ofSeconds((long) idleSeconds));
            double idlePerSecond = (ProcStats.of(workers.pid()).cpuSeconds() - idleStart) / idleSeconds;
            out.put("idleCpuCores", idlePerSecond);
            for (Map.Entry<String, Workload> alone : ALONE.entrySet()) {
                long started = System.nanoTime();
                double cpu0 = ProcStats.of(workers.pid()).cpuSeconds();
                double pg0 = run.postgresCpuSeconds();
                PhaseResult load = run.measure(COST, 1, ingress, run.closed(alone.getValue(), options.costPhase()),
                        false);
                Double caughtUp = catchUp(lag, COST + " " + alone.getKey());
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpu = ProcStats.of(workers.pid()).cpuSeconds() - cpu0 - idlePerSecond * seconds;
                double pg = run.postgresCpuSeconds() - pg0;
                // every acknowledged event of the phase (its warm-up included) reached the worker
                long events = load.kafka() == null || load.kafka().events() == null ? 0
                        : load.kafka().events().expected();
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("workload", alone.getValue().id());
                c.put("events", events);
                c.put("ingressRequestsPerSecond", load.requestsPerSecond());
                c.put("caughtUpSecondsAfterLoad", caughtUp);
                c.put("workerCpuSecondsPer1000Events", events == 0 ? 0 : cpu / events * 1000);
                c.put("postgresCpuSecondsPer1000Events", events == 0 ? 0 : pg / events * 1000);
                c.put("eventsPerSecondFromLoadStartToCaughtUp", events / seconds);
                out.put(alone.getKey(), c);
                run.log(String.format("worker cost %s: %d events, %.3f CPU s / 1k events in the workers' process, "
                                + "%.3f in PostgreSQL (incl. the ingress gateway's share, if any); caught up %s s "
                                + "after the load", alone.getKey(), events, cpu / Math.max(1, events) * 1000,
                        pg / Math.max(1, events) * 1000, caughtUp == null ? "not" : String.format("%.1f", caughtUp)));
            }
        }
        return out;
    }

    /** Seconds until every worker group committed everything (null: not within the limit). */
    private Double catchUp(WorkerLag lag, String after) {
        Duration took = lag.awaitCaughtUp(CATCH_UP_LIMIT);
        if (took == null) {
            run.log("workers did not catch up within " + CATCH_UP_LIMIT.toSeconds() + " s after " + after + ": "
                    + lag.lag());
            return null;
        }
        return took.toMillis() / 1000.0;
    }

    private static String markdown(double max, List<Double> catchUps, double rate, PhaseResult fresh,
                                   FreshnessCheck.Result f, Map<String, Object> costs) {
        StringBuilder md = new StringBuilder("## The gateway with its workers\n\n");
        md.append(String.format("Maximum rate with the workers on (closed model, everyday mix, median of the rounds): "
                + "**%.0f req/s**; the workers caught up %s s after each round.%n%n", max, catchUps));
        md.append(String.format("Freshness at half of that, %.0f req/s for %.0f s (achieved %.0f req/s, %d non-200):"
                + "%n%n", rate, fresh.measureSeconds(), fresh.requestsPerSecond(), fresh.nonOk()));
        md.append("| worker | events | POST → row p50 ms | p99 ms | max ms | received → row p50 ms | p99 ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        if (f != null && f.byWorker() != null) {
            f.byWorker().forEach((worker, h) -> md.append(String.format("| %s | %d | %s | %s | %s | %s | %s |%n",
                    worker, h[0].getTotalCount(), ms(h[0], 50), ms(h[0], 99), max(h[0]), ms(h[1], 50),
                    ms(h[1], 99))));
            md.append(String.format("%n%s: %d of %d events stored exactly once, %d duplicated, %d without a row.%n%n",
                    f.status(), f.found(), f.expected(), f.duplicated(), f.missing()));
        }
        md.append("Each worker's own cost (its events alone, through an ingress-only gateway on the same topics; the "
                + "gateway with workers receives no HTTP): CPU seconds per 1,000 events from the start of the load "
                + "until the worker caught up, its idle CPU taken off.\n\n");
        md.append("| worker | workload | events | workers' process CPU s / 1k events | PostgreSQL CPU s / 1k events | "
                + "caught up after the load, s |\n|---|---|---:|---:|---:|---:|\n");
        costs.forEach((worker, value) -> {
            if (value instanceof Map<?, ?> c) {
                md.append(String.format("| %s | %s | %s | %.3f | %.3f | %s |%n", worker, c.get("workload"),
                        c.get("events"), (Double) c.get("workerCpuSecondsPer1000Events"),
                        (Double) c.get("postgresCpuSecondsPer1000Events"), c.get("caughtUpSecondsAfterLoad")));
            }
        });
        return md.append('\n').toString();
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.format("%.0f", h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String max(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : String.format("%.0f", h.getMaxValue() / 1000.0);
    }


    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
