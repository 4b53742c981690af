package dev.eventgateway.bench.load;

import java.time.Duration;

/**
 * One bounded burst of load against one target. Open model: requests at a fixed rate, each with an intended send
 * time, latency measured from that time (so a stalled server is charged for the requests it kept waiting —
 * coordinated omission corrected). Closed model: a fixed number of requests in flight, the next sent as soon as one
 * answers (for the maximum rate). Bounded in time ({@code warmup + measure}, then in-flight requests drain within
 * {@code timeout}) and in count ({@code maxRequests}).
 *
 * @param rate        requests per second (open model), else 0
 * @param concurrency requests in flight (closed model), else 0
 * @param connections HTTP/1.1 connections the client may open
 * @param warmup      sent and checked, but not in the figures (connections open, caches fill)
 * @param measure     the window the figures come from
 */
public record LoadPhase(Model model, Workload workload, double rate, int concurrency, int connections,
                        Duration warmup, Duration measure, long maxRequests, Duration timeout) {

    public enum Model {
        OPEN, CLOSED
    }

    public static LoadPhase open(Workload workload, double rate, int connections, Duration warmup, Duration measure,
                                 Duration timeout) {
        long max = (long) Math.ceil(rate * (warmup.toMillis() + measure.toMillis()) / 1000.0) + 1;
        return new LoadPhase(Model.OPEN, workload, rate, 0, connections, warmup, measure, max, timeout);
    }

    public static LoadPhase closed(Workload workload, int concurrency, Duration warmup, Duration measure,
                                   long maxRequests, Duration timeout) {
        return new LoadPhase(Model.CLOSED, workload, 0, concurrency, concurrency, warmup, measure, maxRequests,
                timeout);
    }

    public String describe() {
        return model == Model.OPEN
                ? String.format("open %.0f req/s, %s", rate, workload.id())
                : String.format("closed %d in flight, %s", concurrency, workload.id());
    }
}
