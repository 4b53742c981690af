package dev.eventgateway.bench;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CPU snapshots at the start and the end of a phase's measured window, and the target's resident set every 200 ms,
 * for the target, the broker, PostgreSQL, this JVM (the load generator) and the whole machine.
 */
final class PhaseSampler {

    /** CPU seconds so far of each process of interest and of the machine. */
    record Cpu(double target, double targetJit, double broker, double postgres, double self, double machine) {
        Cpu minus(Cpu o) {
            return new Cpu(target - o.target, targetJit - o.targetJit, broker - o.broker, postgres - o.postgres,
                    self - o.self, machine - o.machine);
        }
    }

    private final long targetPid;
    private final OptionalLong brokerPid;
    private final OptionalLong postgresPid;
    private final long selfPid = ProcessHandle.current().pid();
    private final ScheduledFuture<?> rssTask;
    private final ScheduledFuture<?> startTask;
    private final ScheduledFuture<?> endTask;
    private volatile Cpu start;
    private volatile Cpu end;
    private volatile long rssPeakKb;

    PhaseSampler(ScheduledExecutorService executor, long targetPid, OptionalLong brokerPid, OptionalLong postgresPid,
                 Duration warmup, Duration measure) {
        this.targetPid = targetPid;
        this.brokerPid = brokerPid;
        this.postgresPid = postgresPid;
        this.rssTask = executor.scheduleAtFixedRate(() -> rssPeakKb = Math.max(rssPeakKb,
                ProcStats.of(targetPid).rssKb()), 0, 200, TimeUnit.MILLISECONDS);
        this.startTask = executor.schedule(() -> start = sample(), warmup.toMillis(), TimeUnit.MILLISECONDS);
        this.endTask = executor.schedule(() -> end = sample(), warmup.plus(measure).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Cpu sample() {
        return new Cpu(ProcStats.of(targetPid).cpuSeconds(),
                ProcStats.threadCpuSeconds(targetPid).entrySet().stream()
                        .filter(e -> e.getKey().contains("CompilerThre")).mapToDouble(Map.Entry::getValue).sum(),
                brokerPid.isPresent() ? ProcStats.of(brokerPid.getAsLong()).cpuSeconds() : 0,
                postgresPid.isPresent() ? ProcStats.treeCpuSeconds(postgresPid.getAsLong()) : 0,
                ProcStats.of(selfPid).cpuSeconds(),
                ProcStats.machineBusySeconds());
    }

    /**
     * Waits for the window's end snapshot (due no later than the load's own window end; on a busy machine the
     * sampling thread may run a little late, which must not lose the snapshot), then stops sampling.
     */
    Cpu finish() {
        try {
            startTask.get(60, TimeUnit.SECONDS);
            endTask.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported as zeros below
        }
        rssTask.cancel(false);
        Cpu s = start;
        Cpu e = end;
        return s == null || e == null ? new Cpu(0, 0, 0, 0, 0, 0) : e.minus(s);
    }

    double rssPeakMb() {
        return rssPeakKb / 1024.0;
    }
}
