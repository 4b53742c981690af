package dev.eventgateway.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.eventgateway.bench.check.KafkaLossCheck;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Every figure of one phase against one target. CPU times are what the kernel charged each process during the
 * measured window; {@code machineOtherCpuSeconds} is what everything else on the machine used meanwhile (other
 * builds on a shared machine), so a reader can tell a quiet window from a noisy one.
 *
 * @param answers by HTTP status or failure, over the whole phase (warm-up included)
 * @param jitCpuSeconds the target's JIT compiler threads' part of {@code cpuSeconds}: on a busy 2-CPU machine the
 *                      JIT is still at work minutes into a run, so the cost without it is shown as well
 * @param longestEventLoopStallMs the longest event-loop task of the target during the phase as its log reports it
 *                                (0: none of 20 ms or more); null for a target that does not report stalls
 */
public record PhaseResult(String stage, String target, int round, String model, String workload, double rate,
                          int concurrency, double measureSeconds, long requests, Map<String, Long> answers,
                          long nonOk, double requestsPerSecond, double eventsPerSecond, double megabytesPerSecond,
                          Latency latency, Latency serviceTime, double cpuSeconds, double cpuCores,
                          double cpuSecondsPer1000Events, double cpuSecondsPer1000Requests, double jitCpuSeconds,
                          double cpuSecondsPer1000EventsWithoutJit, double rssPeakMb,
                          double brokerCpuSeconds, double postgresCpuSeconds, double loadGeneratorCpuSeconds,
                          double machineOtherCpuSeconds, KafkaLossCheck.Result kafka, long responseIdMismatches,
                          Freshness freshness, boolean targetAlive, Long longestEventLoopStallMs,
                          @JsonIgnore Histogram histogram) {

    /** The freshness phase only: provider POST → row in PostgreSQL. */
    public record Freshness(String status, long expected, long found, long missing, long duplicated,
                            Latency postToRow, Latency receivedToRow, double waitedSeconds) {
    }

    public boolean lossless() {
        return kafka == null || kafka.bodies().lossless() && (kafka.events() == null || kafka.events().lossless());
    }
}
