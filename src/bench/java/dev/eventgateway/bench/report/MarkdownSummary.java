package dev.eventgateway.bench.report;

import java.util.List;
import java.util.Map;

/** The human-readable summary table of a run (summary.md), gateway beside floor. */
public final class MarkdownSummary {

    private MarkdownSummary() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> run, Map<String, Object> machine, Map<String, Object> settings,
                                Summary s, List<PhaseResult> phases) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: the gateway beside the floor\n\n");
        md.append("Run `").append(run.get("command")).append("` (").append(run.get("mode")).append("), ")
                .append(run.get("startedAt")).append(", ").append(run.get("durationSeconds"))
                .append(" s, commit `").append(run.get("commit")).append("`.\n\n");
        md.append("**Machine:** ").append(machine.get("cpu")).append(", ").append(machine.get("cpus"))
                .append(" CPUs, ").append(machine.get("memoryGiB")).append(" GiB, ").append(machine.get("os"))
                .append(", kernel ").append(machine.get("kernel")).append(", ").append(machine.get("jvm"))
                .append(", ").append(machine.get("virtualization")).append(". Load average at start ")
                .append(run.get("loadAverageAtStart")).append(", at end ").append(run.get("loadAverageAtEnd"))
                .append("; other processes used ").append(run.get("otherCpuCoresDuringWindows"))
                .append(" cores on average during the measured windows (the machine is shared).\n\n");
        md.append("**Setup:** ").append(settings.get("servers")).append(". Both servers run with ")
                .append(settings.get("heap")).append(" heap in their own JVM, the same webhooks, payloads, partition"
                        + " count (").append(settings.get("partitions")).append(") and producer settings. ")
                .append("Closed model: ").append(settings.get("concurrency")).append(" requests in flight; open model: ")
                .append("fixed rate over up to ").append(settings.get("connections"))
                .append(" connections, latency from the intended send time. Gateway and floor alternate round by round.\n\n");

        md.append("## Targets\n\n| target | goal | measured | met |\n|---|---|---|---|\n");
        for (Summary.Check c : s.targets()) {
            md.append("| ").append(c.name()).append(" | ").append(c.target()).append(" | ").append(c.measured())
                    .append(c.note().isEmpty() ? "" : " — " + c.note()).append(" | ")
                    .append(c.met() == null ? "not measured" : c.met() ? "yes" : "**no**").append(" |\n");
        }

        Summary.Throughput t = s.maxThroughput();
        md.append("\n## Maximum rate (closed model, everyday mix)\n\n| | gateway | floor | gateway / floor |\n")
                .append("|---|---:|---:|---:|\n");
        md.append(row("requests/s (median)", t.gatewayRequestsPerSecond(), t.floorRequestsPerSecond(), "%.0f"));
        md.append(row("events/s (median)", t.gatewayEventsPerSecond(), t.floorEventsPerSecond(), "%.0f"));
        md.append(row("CPU s per 1,000 events", t.gatewayCpuPer1000Events(), t.floorCpuPer1000Events(), "%.3f"));
        md.append(row("the same without the JIT compiler threads", t.gatewayCpuPer1000EventsWithoutJit(),
                t.floorCpuPer1000EventsWithoutJit(), "%.3f"));
        md.append("| rounds, requests/s | ").append(rounds(t.gatewayRounds())).append(" | ")
                .append(rounds(t.floorRounds())).append(" | |\n");
        md.append("| non-200 answers | ").append(t.gatewayNonOk()).append(" | ").append(t.floorNonOk())
                .append(" | |\n");
        designFloorTable(md, t);

        md.append("\n## Latency at fixed rates (open model, percent of the floor's maximum)\n\n")
                .append("| rate | server | p50 ms | p99 ms | p99.9 ms | max ms | non-200 | CPU s / 1,000 events |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Summary.LatencyAtRate l : s.latency()) {
            String rate = String.format("%d%% = %.0f req/s", l.percentOfFloorMax(), l.rate());
            md.append(latencyRow(rate, "gateway", l.gateway(), l.gatewayNonOk(), l.gatewayCpuPer1000Events()));
            md.append(latencyRow("", "floor", l.floor(), l.floorNonOk(), l.floorCpuPer1000Events()));
            md.append(String.format("| | gateway / floor | %s | %s | %s | | | |%n",
                    ratio(l.gateway().p50(), l.floor().p50()), ratio(l.gateway().p99(), l.floor().p99()),
                    ratio(l.gateway().p999(), l.floor().p999())));
        }
        md.append("\n![latency by percentile, gateway against floor](latency.png)\n");

        costTable(md, "Cost by Meta batch size (closed model)", s.batches());
        costTable(md, "Cost by body size (closed model, one event per request; 3 MB: a batch of 1,000)", s.bodies());
        Map<String, Object> gateway = target(settings, "gateway");
        if (!s.bodies().isEmpty() && gateway != null && gateway.containsKey("heapPeakMb")) {
            double rss = phases.stream().filter(p -> p.stage().equals("bodies") && p.workload().equals("body-3m")
                    && p.target().equals("gateway")).mapToDouble(PhaseResult::rssPeakMb).max().orElse(0);
            Map<String, Long> answers = new java.util.TreeMap<>();
            phases.stream().filter(p -> p.stage().equals("bodies") && p.workload().equals("body-3m")
                    && p.target().equals("gateway")).forEach(p -> p.answers().forEach((k, v) -> answers.merge(k, v,
                    Long::sum)));
            md.append(String.format("%nThe gateway at -Xmx%s with %s 3 MB requests in flight: %s, answers %s (a 503 is "
                            + "the byte budget `ingress.maxInFlightBytes` at work), heap at most %.0f MB before a "
                            + "collection (its GC log, whole life), peak RSS %.0f MB during the 3 MB phases.%n",
                    gateway.get("heap"), settings.get("concurrency"),
                    Boolean.TRUE.equals(gateway.get("outOfMemoryError")) ? "**an OutOfMemoryError in its log**"
                            : "no OutOfMemoryError", answers, ((Number) gateway.get("heapPeakMb")).doubleValue(), rss));
        }

        md.append("\n## Maximum rate with tracing (closed model, everyday mix)\n\n");
        if (s.tracing().isEmpty()) {
            md.append("Not run.\n");
        } else {
            md.append("The gateway with tracing off (no OTLP endpoint: the default), the gateway with tracing on "
                    + "(`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, `OTEL_TRACES_SAMPLER_ARG=0.01`, OTLP/HTTP to an "
                    + "endpoint the benchmark serves, answering 200) and the floor, round by round in the same "
                    + "rounds, first after the warm-up, which all three had together.\n\n")
                    .append("| server | req/s | / floor | CPU s / 1,000 events | without JIT | p50 ms | p99 ms | non-200 |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Summary.Tracing row : s.tracing()) {
                Summary.Side side = row.side();
                md.append(String.format("| %s | %.0f | %.2f | %.3f | %.3f | %.2f | %.2f | %d |%n", switch (row.target()) {
                    case "gateway" -> "gateway, tracing off";
                    case "gateway-traced" -> "gateway, tracing on (1% sampled)";
                    default -> row.target();
                }, side.requestsPerSecond(), row.ratioToFloor(), side.cpuPer1000Events(),
                        side.cpuPer1000EventsWithoutJit(), side.latency().p50(), side.latency().p99(), side.nonOk()));
            }
            Map<String, Object> traced = target(settings, "gateway-traced");
            if (traced != null && traced.get("otlp") != null) {
                md.append("\nOTLP endpoint: ").append(traced.get("otlp")).append(".\n");
            }
        }

        md.append("\n## End-to-end freshness (provider POST → row in PostgreSQL)\n\n");
        PhaseResult.Freshness f = s.freshness();
        if (f == null) {
            md.append("Not run.\n");
        } else if (f.postToRow() == null) {
            md.append(String.format("%s: %d acknowledged events at %.0f req/s for %.0f s found no row in "
                    + "PostgreSQL after %.0f s of waiting. The Kafka side of that phase is checked like every other.%n",
                    f.status(), f.expected(), s.freshnessRate(), s.freshnessSeconds(), f.waitedSeconds()));
        } else {
            md.append(String.format("At %.0f req/s for %.0f s (gateway with its workers): POST → row p50 %.0f ms, "
                            + "p99 %.0f ms, p99.9 %.0f ms, max %.0f ms; gateway received → row p50 %.0f ms, p99 %.0f ms. "
                            + "%d of %d events stored exactly once, %d duplicated, %d without a row after %.0f s of "
                            + "waiting%s.%n",
                    s.freshnessRate(), s.freshnessSeconds(), f.postToRow().p50(), f.postToRow().p99(),
                    f.postToRow().p999(), f.postToRow().max(), f.receivedToRow().p50(), f.receivedToRow().p99(),
                    f.found(), f.expected(), f.duplicated(), f.missing(), f.waitedSeconds(),
                    switch (f.status()) {
                        case "stalled" -> " (no new row for 15 s: counted as lost)";
                        case "behind" -> " (rows were still coming: late, not lost; counted in the percentiles at "
                                + "the time waited)";
                        default -> "";
                    }));
        }

        for (PhaseResult lower : phases) {
            PhaseResult.Freshness q = lower.freshness();
            if (lower.stage().equals(Summary.FRESHNESS_AT_QUARTER) && q != null && q.postToRow() != null) {
                md.append(String.format("%nFor scale, at %.0f req/s (25%% of the gateway's maximum) for %.0f s: POST → "
                                + "row p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms; gateway received → row p50 %.0f ms, "
                                + "p99 %.0f ms; %d of %d events stored, %d without a row after %.0f s (%s).%n",
                        lower.rate(), lower.measureSeconds(), q.postToRow().p50(), q.postToRow().p99(),
                        q.postToRow().p999(), q.receivedToRow().p50(), q.receivedToRow().p99(), q.found(),
                        q.expected(), q.missing(), q.waitedSeconds(), q.status()));
            }
        }

        md.append("\n## Memory\n\n| server | peak RSS over its life | peak RSS sampled in phases |\n|---|---:|---:|\n");
        for (Summary.Peak p : s.peakRss()) {
            md.append(String.format("| %s | %.0f MB | %.0f MB |%n", p.target(), p.lifetimePeakRssMb(),
                    p.phasePeakRssMb()));
        }

        Summary.Loss loss = s.loss();
        md.append(String.format("%n## Loss%n%nAfter each of %d phases, every acknowledged request body was looked "
                        + "up in Kafka (the gateway's raw topic, the floor's topic) and every acknowledged event id "
                        + "(`ce_id`) in the gateway's event topics: %d requests and %d events acknowledged, %d and %d "
                        + "missing, %d event ids found more than once. %s%n",
                loss.phasesChecked(), loss.acknowledgedRequests(), loss.acknowledgedEvents(), loss.missingRequests(),
                loss.missingEvents(), loss.duplicatedEvents(), loss.lossless() ? "Nothing was lost." : "**LOSS.**"));

        md.append("\n## Every phase\n\n| stage | round | server | load | req/s | events/s | p50 ms | p99 ms | "
                + "p99.9 ms | CPU cores | CPU s / 1k events | of which JIT s | broker CPU s | other CPU s | answers |\n")
                .append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PhaseResult p : phases) {
            if (p.stage().equals("lifetime")) {
                continue;
            }
            String load = p.model().equals("open") ? String.format("open %.0f/s %s", p.rate(), p.workload())
                    : String.format("closed %d %s", p.concurrency(), p.workload());
            md.append(String.format("| %s | %d | %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.3f | %.1f | "
                            + "%.1f | %.1f | %s |%n", p.stage(), p.round(), p.target(), load, p.requestsPerSecond(),
                    p.eventsPerSecond(), p.latency().p50(), p.latency().p99(), p.latency().p999(), p.cpuCores(),
                    p.cpuSecondsPer1000Events(), p.jitCpuSeconds(), p.brokerCpuSeconds(), p.machineOtherCpuSeconds(),
                    p.answers()));
        }
        return md.toString();
    }

    /** A target's description in the settings ({@code targets}), by name, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> target(Map<String, Object> settings, String name) {
        Object targets = settings.get("targets");
        if (!(targets instanceof List<?> list)) {
            return null;
        }
        for (Object t : list) {
            if (t instanceof Map<?, ?> m && name.equals(m.get("name"))) {
                return (Map<String, Object>) m;
            }
        }
        return null;
    }

    /** The workloads the provider documents name: their row says so beside the id. */
    private static String label(String workload) {
        return switch (workload) {
            case "meta-batch-1000" -> "Meta batch of 1,000 statuses (meta-batch-1000)";
            case "body-3m" -> "3 MB body (body-3m)";
            default -> workload;
        };
    }

    private static void costTable(StringBuilder md, String title, List<Summary.Cost> costs) {
        md.append("\n## ").append(title).append("\n\n| workload | server | req/s | events/s | MB/s | "
                + "CPU s / 1,000 events | without JIT | CPU s / 1,000 requests | p50 ms | p99 ms | non-200 | "
                + "longest event-loop stall ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        if (costs.isEmpty()) {
            md.append("| not run | | | | | | | | | | | |\n");
        }
        for (Summary.Cost c : costs) {
            md.append(costRow(label(c.workload()), "gateway", c.gateway()));
            md.append(costRow("", "floor", c.floor()));
        }
    }

    private static String costRow(String workload, String server, Summary.Side s) {
        // no answer within the window (3 MB bodies in a short phase on a busy machine): no cost to divide
        boolean none = s.eventsPerSecond() == 0;
        String stall = s.longestEventLoopStallMs() == null ? "–" : s.longestEventLoopStallMs() == 0
                ? "< " + dev.eventgateway.bench.target.Target.STALL_WARNING.replace("ms", "")
                : Long.toString(s.longestEventLoopStallMs());
        return String.format("| %s | %s | %.0f | %.0f | %.1f | %s | %s | %s | %.2f | %.2f | %d | %s |%n", workload,
                server, s.requestsPerSecond(), s.eventsPerSecond(), s.megabytesPerSecond(),
                none ? "–" : String.format("%.3f", s.cpuPer1000Events()),
                none ? "–" : String.format("%.3f", s.cpuPer1000EventsWithoutJit()),
                none ? "–" : String.format("%.3f", s.cpuPer1000Requests()), s.latency().p50(), s.latency().p99(),
                s.nonOk(), stall);
    }

    private static String latencyRow(String rate, String server, Latency l, long nonOk, double cpu) {
        return String.format("| %s | %s | %.2f | %.2f | %.2f | %.2f | %d | %.3f |%n", rate, server, l.p50(), l.p99(),
                l.p999(), l.max(), nonOk, cpu);
    }

    /**
     * The gateway against the design-shaped floor (the design's Kafka work and nothing else) and the minimal floor,
     * in the same rounds: what the design costs, and what the rest of the gateway costs.
     */
    private static void designFloorTable(StringBuilder md, Summary.Throughput t) {
        Summary.DesignFloor d = t.designFloor();
        if (d == null) {
            return;
        }
        md.append("\nThe same rounds with the design-shaped floor: the floor doing exactly the design's Kafka work "
                + "(the raw record keyed by webhook plus one record keyed per request, the same producer settings), "
                + "and nothing else of the gateway.\n\n")
                .append("| | gateway | design floor | minimal floor | gateway / design floor | design floor / "
                        + "minimal floor |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(String.format("| requests/s (median) | %.0f | %.0f | %.0f | %s | %s |%n",
                t.gatewayRequestsPerSecond(), d.side().requestsPerSecond(), t.floorRequestsPerSecond(),
                ratio(t.gatewayRequestsPerSecond(), d.side().requestsPerSecond()),
                ratio(d.side().requestsPerSecond(), t.floorRequestsPerSecond())));
        md.append(String.format("| CPU s per 1,000 events | %.3f | %.3f | %.3f | %s | %s |%n",
                t.gatewayCpuPer1000Events(), d.side().cpuPer1000Events(), t.floorCpuPer1000Events(),
                ratio(t.gatewayCpuPer1000Events(), d.side().cpuPer1000Events()),
                ratio(d.side().cpuPer1000Events(), t.floorCpuPer1000Events())));
        md.append(String.format("| the same without the JIT compiler threads | %.3f | %.3f | %.3f | %s | %s |%n",
                t.gatewayCpuPer1000EventsWithoutJit(), d.side().cpuPer1000EventsWithoutJit(),
                t.floorCpuPer1000EventsWithoutJit(),
                ratio(t.gatewayCpuPer1000EventsWithoutJit(), d.side().cpuPer1000EventsWithoutJit()),
                ratio(d.side().cpuPer1000EventsWithoutJit(), t.floorCpuPer1000EventsWithoutJit())));
        md.append("| rounds, requests/s | ").append(rounds(t.gatewayRounds())).append(" | ")
                .append(rounds(d.rounds())).append(" | ").append(rounds(t.floorRounds())).append(" | | |\n");
        md.append("| non-200 answers | ").append(t.gatewayNonOk()).append(" | ").append(d.side().nonOk())
                .append(" | ").append(t.floorNonOk()).append(" | | |\n");
    }

    private static String row(String name, double gateway, double floor, String format) {
        return "| " + name + " | " + String.format(format, gateway) + " | " + String.format(format, floor) + " | "
                + ratio(gateway, floor) + " |\n";
    }

    private static String ratio(double a, double b) {
        return b == 0 ? "–" : String.format("%.2f", a / b);
    }

    private static String rounds(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }
}
