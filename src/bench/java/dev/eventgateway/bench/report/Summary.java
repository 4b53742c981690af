package dev.eventgateway.bench.report;

import dev.eventgateway.bench.target.Target;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The benchmark's figures, gateway beside floor, computed from the phases of one run, and each target checked
 * against its ratio. Medians over rounds for rates; histograms of all rounds merged for percentiles.
 */
public record Summary(Throughput maxThroughput, List<LatencyAtRate> latency, List<Cost> batches, List<Cost> bodies,
                      List<Tracing> tracing, PhaseResult.Freshness freshness, double freshnessRate, double freshnessSeconds,
                      List<Peak> peakRss, Loss loss, List<Check> targets) {

    /** The stage of the freshness phase at 25% of the gateway's maximum, beside the target's 50% ("freshness"). */
    public static final String FRESHNESS_AT_QUARTER = "freshness-25";

    public record Throughput(double gatewayRequestsPerSecond, double floorRequestsPerSecond,
                             double gatewayEventsPerSecond, double floorEventsPerSecond, double ratio,
                             List<Double> gatewayRounds, List<Double> floorRounds, long gatewayNonOk,
                             long floorNonOk, double gatewayCpuPer1000Events, double floorCpuPer1000Events,
                             double gatewayCpuPer1000EventsWithoutJit, double floorCpuPer1000EventsWithoutJit,
                             DesignFloor designFloor) {
    }

    /**
     * The design-shaped floor of the maximum-rate stage, measured in the same rounds as the gateway.
     *
     * @param ratio    gateway / design floor, median rates
     * @param cpuRatio gateway / design floor, CPU s per 1,000 events
     */
    public record DesignFloor(Side side, List<Double> rounds, double ratio, double cpuRatio) {
    }

    /**
     * @param gatewayNonOk       requests not answered 200, including {@code gatewayNeverSent}
     * @param gatewayNeverSent   requests the load generator dropped from its backlog (its cap) because the server
     *                           fell that far behind the rate: never sent, so never answered
     */
    public record LatencyAtRate(int percentOfFloorMax, double rate, Latency gateway, Latency floor, double p99Ratio,
                                long gatewayNonOk, long floorNonOk, double gatewayCpuPer1000Events,
                                double floorCpuPer1000Events, long gatewayNeverSent) {
    }

    public record Cost(String workload, Side gateway, Side floor) {
    }

    /** @param longestEventLoopStallMs the longest over the rounds; null when the server does not report stalls */
    public record Side(double requestsPerSecond, double eventsPerSecond, double megabytesPerSecond,
                       double cpuPer1000Events, double cpuPer1000EventsWithoutJit, double cpuPer1000Requests,
                       Latency latency, long nonOk, Long longestEventLoopStallMs) {
    }

    /**
     * One server of the tracing stage (the gateway with tracing off, with tracing on, the floor), measured in the same
     * rounds; {@code ratioToFloor} of the median rates.
     */
    public record Tracing(String target, Side side, double ratioToFloor) {
    }

    public record Peak(String target, double lifetimePeakRssMb, double phasePeakRssMb) {
    }

    /** Lossless when every acknowledged body and event id was found in Kafka, and in PostgreSQL where measured. */
    public record Loss(int phasesChecked, long acknowledgedRequests, long acknowledgedEvents, long missingRequests,
                       long missingEvents, long duplicatedEvents, long missingRows, boolean lossless) {
    }

    /** @param met null when not measured in this run */
    public record Check(String name, String target, String measured, Boolean met, String note) {
    }

    public static Summary of(List<PhaseResult> phases) {
        Throughput max = throughput(phases);
        List<LatencyAtRate> latency = new ArrayList<>();
        for (String stage : phases.stream().map(PhaseResult::stage).filter(s -> s.startsWith("latency-"))
                .distinct().toList()) {
            latency.add(latencyAt(phases, stage));
        }
        List<Cost> batches = costs(phases, "batches");
        List<Cost> bodies = costs(phases, "bodies");
        List<Tracing> tracing = new ArrayList<>();
        Side tracingFloor = side(select(phases, "tracing", Target.FLOOR));
        for (String target : List.of(Target.GATEWAY, Target.GATEWAY_TRACED, Target.FLOOR)) {
            List<PhaseResult> rounds = select(phases, "tracing", target);
            if (!rounds.isEmpty()) {
                Side side = side(rounds);
                tracing.add(new Tracing(target, side, tracingFloor.requestsPerSecond() == 0 ? 0
                        : side.requestsPerSecond() / tracingFloor.requestsPerSecond()));
            }
        }
        PhaseResult fresh = phases.stream().filter(p -> p.stage().equals("freshness")).findFirst().orElse(null);
        List<Peak> peaks = new ArrayList<>();
        for (String target : List.of(Target.GATEWAY, Target.FLOOR)) {
            double lifetime = phases.stream().filter(p -> p.stage().equals("lifetime") && p.target().equals(target))
                    .mapToDouble(PhaseResult::rssPeakMb).max().orElse(0);
            double phase = phases.stream().filter(p -> p.target().equals(target) && !p.stage().equals("lifetime"))
                    .mapToDouble(PhaseResult::rssPeakMb).max().orElse(0);
            peaks.add(new Peak(target, lifetime, phase));
        }
        Loss loss = loss(phases);
        return new Summary(max, latency, batches, bodies, tracing, fresh == null ? null : fresh.freshness(),
                fresh == null ? 0 : fresh.rate(), fresh == null ? 0 : fresh.measureSeconds(), peaks, loss,
                checks(max, latency, batches, fresh, loss, phases));
    }

    private static Throughput throughput(List<PhaseResult> phases) {
        List<PhaseResult> gw = select(phases, "max", Target.GATEWAY);
        List<PhaseResult> fl = select(phases, "max", Target.FLOOR);
        double g = median(gw.stream().map(PhaseResult::requestsPerSecond).toList());
        double f = median(fl.stream().map(PhaseResult::requestsPerSecond).toList());
        double gCpu = median(gw.stream().map(PhaseResult::cpuSecondsPer1000Events).toList());
        List<PhaseResult> design = select(phases, "max", Target.FLOOR_DESIGN);
        DesignFloor designFloor = null;
        if (!design.isEmpty()) {
            Side d = side(design);
            designFloor = new DesignFloor(d, design.stream().map(PhaseResult::requestsPerSecond).toList(),
                    d.requestsPerSecond() == 0 ? 0 : g / d.requestsPerSecond(),
                    d.cpuPer1000Events() == 0 ? 0 : gCpu / d.cpuPer1000Events());
        }
        return new Throughput(g, f, median(gw.stream().map(PhaseResult::eventsPerSecond).toList()),
                median(fl.stream().map(PhaseResult::eventsPerSecond).toList()), f == 0 ? 0 : g / f,
                gw.stream().map(PhaseResult::requestsPerSecond).toList(),
                fl.stream().map(PhaseResult::requestsPerSecond).toList(),
                gw.stream().mapToLong(PhaseResult::nonOk).sum(), fl.stream().mapToLong(PhaseResult::nonOk).sum(),
                gCpu, median(fl.stream().map(PhaseResult::cpuSecondsPer1000Events).toList()),
                median(gw.stream().map(PhaseResult::cpuSecondsPer1000EventsWithoutJit).toList()),
                median(fl.stream().map(PhaseResult::cpuSecondsPer1000EventsWithoutJit).toList()), designFloor);
    }

    private static LatencyAtRate latencyAt(List<PhaseResult> phases, String stage) {
        List<PhaseResult> gw = select(phases, stage, Target.GATEWAY);
        List<PhaseResult> fl = select(phases, stage, Target.FLOOR);
        Latency g = Latency.of(merged(gw));
        Latency f = Latency.of(merged(fl));
        return new LatencyAtRate(Integer.parseInt(stage.substring("latency-".length())),
                gw.isEmpty() ? 0 : gw.get(0).rate(), g, f, f.p99() == 0 ? 0 : g.p99() / f.p99(),
                gw.stream().mapToLong(PhaseResult::nonOk).sum(), fl.stream().mapToLong(PhaseResult::nonOk).sum(),
                median(gw.stream().map(PhaseResult::cpuSecondsPer1000Events).toList()),
                median(fl.stream().map(PhaseResult::cpuSecondsPer1000Events).toList()),
                gw.stream().mapToLong(p -> p.answers().getOrDefault("overflow", 0L)).sum());
    }

    /** The merged latency histogram of a stage's rounds for one target (for the chart). */
    public static Histogram merged(List<PhaseResult> phases) {
        Histogram all = null;
        for (PhaseResult p : phases) {
            if (p.histogram() == null) {
                continue;
            }
            if (all == null) {
                all = p.histogram().copy();
            } else {
                all.add(p.histogram());
            }
        }
        return all;
    }

    public static List<PhaseResult> select(List<PhaseResult> phases, String stage, String target) {
        return phases.stream().filter(p -> p.stage().equals(stage) && p.target().equals(target)).toList();
    }

    private static List<Cost> costs(List<PhaseResult> phases, String stage) {
        List<Cost> out = new ArrayList<>();
        for (String workload : phases.stream().filter(p -> p.stage().equals(stage)).map(PhaseResult::workload)
                .distinct().toList()) {
            Predicate<PhaseResult> of = p -> p.stage().equals(stage) && p.workload().equals(workload);
            out.add(new Cost(workload, side(phases.stream().filter(of.and(p -> p.target().equals(Target.GATEWAY)))
                    .toList()), side(phases.stream().filter(of.and(p -> p.target().equals(Target.FLOOR))).toList())));
        }
        return out;
    }

    private static Side side(List<PhaseResult> rounds) {
        return new Side(median(rounds.stream().map(PhaseResult::requestsPerSecond).toList()),
                median(rounds.stream().map(PhaseResult::eventsPerSecond).toList()),
                median(rounds.stream().map(PhaseResult::megabytesPerSecond).toList()),
                median(rounds.stream().map(PhaseResult::cpuSecondsPer1000Events).toList()),
                median(rounds.stream().map(PhaseResult::cpuSecondsPer1000EventsWithoutJit).toList()),
                median(rounds.stream().map(PhaseResult::cpuSecondsPer1000Requests).toList()),
                Latency.of(merged(rounds)), rounds.stream().mapToLong(PhaseResult::nonOk).sum(),
                rounds.stream().map(PhaseResult::longestEventLoopStallMs).filter(Objects::nonNull)
                        .max(Long::compare).orElse(null));
    }

    private static Loss loss(List<PhaseResult> phases) {
        int checked = 0;
        long requests = 0;
        long events = 0;
        long missingRequests = 0;
        long missingEvents = 0;
        long duplicated = 0;
        long missingRows = 0;
        for (PhaseResult p : phases) {
            if (p.kafka() == null) {
                continue;
            }
            checked++;
            requests += p.kafka().bodies().expected();
            missingRequests += p.kafka().bodies().missing();
            if (p.kafka().events() != null) {
                events += p.kafka().events().expected();
                missingEvents += p.kafka().events().missing();
                duplicated += p.kafka().events().duplicated();
            }
            // rows still missing when the workers stopped storing anything; late rows ("behind") are not lost
            if (p.freshness() != null && List.of("stalled", "no rows").contains(p.freshness().status())) {
                missingRows += p.freshness().missing();
            }
        }
        return new Loss(checked, requests, events, missingRequests, missingEvents, duplicated, missingRows,
                missingRequests == 0 && missingEvents == 0 && missingRows == 0);
    }

    private static List<Check> checks(Throughput max, List<LatencyAtRate> latency, List<Cost> batches,
                                      PhaseResult fresh, Loss loss, List<PhaseResult> phases) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("maximum throughput", "gateway ≥ 0.85 × floor",
                String.format("%.2f × (%.0f vs %.0f req/s)", max.ratio(), max.gatewayRequestsPerSecond(),
                        max.floorRequestsPerSecond()), max.floorRequestsPerSecond() == 0 ? null : max.ratio() >= 0.85,
                ""));
        Summary.DesignFloor design = max.designFloor();
        checks.add(design == null
                ? new Check("maximum throughput against the design-shaped floor",
                "gateway ≥ 0.9 × design floor, CPU per event ≤ 1.25 × it", "not run", null, "")
                : new Check("maximum throughput against the design-shaped floor",
                "gateway ≥ 0.9 × design floor, CPU per event ≤ 1.25 × it",
                String.format("%.2f × (%.0f vs %.0f req/s), CPU %.2f × (%.3f vs %.3f s per 1,000 events)",
                        design.ratio(), max.gatewayRequestsPerSecond(), design.side().requestsPerSecond(),
                        design.cpuRatio(), max.gatewayCpuPer1000Events(), design.side().cpuPer1000Events()),
                design.side().requestsPerSecond() == 0 ? null : design.ratio() >= 0.9 && design.cpuRatio() <= 1.25,
                String.format("the design floor itself: %.2f × the minimal floor's rate",
                        max.floorRequestsPerSecond() == 0 ? 0
                                : design.side().requestsPerSecond() / max.floorRequestsPerSecond())));
        LatencyAtRate half = latency.stream().filter(l -> l.percentOfFloorMax() == 50).findFirst().orElse(null);
        checks.add(half == null
                ? new Check("p99 at 50% of the floor's maximum", "gateway ≤ 1.5 × floor, zero non-200", "not run",
                null, "")
                : new Check("p99 at 50% of the floor's maximum", "gateway ≤ 1.5 × floor, zero non-200",
                String.format("%.2f × (%.2f vs %.2f ms at %.0f req/s), %d non-200%s", half.p99Ratio(),
                        half.gateway().p99(), half.floor().p99(), half.rate(), half.gatewayNonOk(),
                        half.gatewayNeverSent() == 0 ? "" : String.format(" (%d of them never sent: the rate is "
                                + "above what the gateway could take, and the load generator's backlog hit its cap)",
                                half.gatewayNeverSent())),
                half.p99Ratio() <= 1.5 && half.gatewayNonOk() == 0, ""));
        if (fresh == null || fresh.freshness() == null) {
            checks.add(new Check("end-to-end freshness", "p99 < 1 s at 50% of the gateway's maximum, 60 s",
                    "not run", null, ""));
        } else if (fresh.freshness().postToRow() == null) {
            checks.add(new Check("end-to-end freshness", "p99 < 1 s at 50% of the gateway's maximum, 60 s",
                    fresh.freshness().status(), false, "no row was stored"));
        } else {
            PhaseResult.Freshness f = fresh.freshness();
            double p99 = f.postToRow().p99();
            String late = f.missing() == 0 ? "" : String.format(" (%s: %d of %d events had no row after %.0f s; "
                    + "counted at the time waited)", f.status(), f.missing(), f.expected(), f.waitedSeconds());
            checks.add(new Check("end-to-end freshness", "p99 < 1 s at 50% of the gateway's maximum, 60 s",
                    String.format("p50 %.0f ms, p99 %.0f ms at %.0f req/s for %.0f s%s", f.postToRow().p50(), p99,
                            fresh.rate(), fresh.measureSeconds(), late),
                    p99 < 1000 && f.missing() == 0 && fresh.measureSeconds() >= 60,
                    fresh.measureSeconds() < 60 ? "window under 60 s" : ""));
        }
        // the goal is about 1, 10 and 50 events per request; the 1,000-update batch is shown, not judged
        List<Double> perEvent = batches.stream()
                .filter(c -> List.of("meta-batch-1", "meta-batch-10", "meta-batch-50").contains(c.workload()))
                .map(c -> c.gateway().cpuPer1000Events()).toList();
        boolean falling = perEvent.size() == 3 && perEvent.get(0) > perEvent.get(1) && perEvent.get(1) > perEvent.get(2);
        String thousand = batches.stream().filter(c -> c.workload().equals("meta-batch-1000")).findFirst()
                .map(c -> String.format(" (1,000: %.3f)", c.gateway().cpuPer1000Events())).orElse("");
        checks.add(new Check("cost per event falls with Meta batch size", "1 → 10 → 50 events per request",
                perEvent.isEmpty() ? "not run" : perEvent.stream().map(v -> String.format("%.3f", v))
                        .reduce((a, b) -> a + " → " + b).orElse("") + thousand + " CPU s per 1,000 events",
                perEvent.size() == 3 ? falling : null, ""));
        checks.add(bigBatch(batches));
        List<PhaseResult> gwMax = select(phases, "max", Target.GATEWAY);
        boolean heldMax = !gwMax.isEmpty() && gwMax.stream().allMatch(p -> p.nonOk() == 0 && p.targetAlive());
        checks.add(new Check("512 MB heap holds the maximum rate", "-Xmx512m, no errors at the maximum rate",
                gwMax.isEmpty() ? "not run" : String.format("%d non-200 over %d max-rate rounds, process %s",
                        gwMax.stream().mapToLong(PhaseResult::nonOk).sum(), gwMax.size(),
                        gwMax.stream().allMatch(PhaseResult::targetAlive) ? "alive" : "DIED"),
                gwMax.isEmpty() ? null : heldMax, ""));
        checks.add(new Check("zero events lost", "every run", String.format(
                "%d phases: %d/%d requests and %d events missing in Kafka, %d rows missing in PostgreSQL",
                loss.phasesChecked(), loss.missingRequests(), loss.acknowledgedRequests(), loss.missingEvents(),
                loss.missingRows()), loss.lossless(), loss.duplicatedEvents() == 0 ? ""
                : loss.duplicatedEvents() + " event ids found more than once (at-least-once)"));
        return checks.stream().filter(Objects::nonNull).toList();
    }

    /** The 1,000-status batch: no dearer per event than batches of 50, and no event-loop task over 50 ms. */
    private static Check bigBatch(List<Cost> batches) {
        String name = "1,000-status batch";
        String goal = "CPU per event ≤ the batch-50 figure; longest event-loop stall ≤ 50 ms";
        Cost fifty = batches.stream().filter(c -> c.workload().equals("meta-batch-50")).findFirst().orElse(null);
        Cost thousand = batches.stream().filter(c -> c.workload().equals("meta-batch-1000")).findFirst().orElse(null);
        if (fifty == null || thousand == null) {
            return new Check(name, goal, "not run", null, "");
        }
        Long stall = batches.stream().map(c -> c.gateway().longestEventLoopStallMs()).filter(Objects::nonNull)
                .max(Long::compare).orElse(null);
        if (thousand.gateway().eventsPerSecond() == 0) {
            return new Check(name, goal, String.format("no 1,000-status request answered within the window; longest "
                    + "stall %s in the batch stage", stall == null ? "not measured" : stall + " ms"), null, "");
        }
        boolean cheap = thousand.gateway().cpuPer1000Events() <= fifty.gateway().cpuPer1000Events();
        return new Check(name, goal, String.format("%.3f vs %.3f CPU s per 1,000 events; longest stall %s in the "
                        + "batch stage", thousand.gateway().cpuPer1000Events(), fifty.gateway().cpuPer1000Events(),
                stall == null ? "not measured" : stall == 0 ? "under " + Target.STALL_WARNING : stall + " ms"),
                cheap && stall != null && stall <= 50, "");
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
