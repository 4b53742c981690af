package dev.eventgateway.worker;

import io.vertx.core.Future;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code /health/ready} reports for the workers of this process: "up" while every worker instance runs, down
 * while any of them waits for an unreachable database or has stopped on an unexpected error. Thread-safe: every
 * worker instance reports from its own thread.
 */
public final class WorkerHealth {

    private final Map<String, String> problems = new ConcurrentHashMap<>();

    /** The instance cannot go on, and why (e.g. {@code crm: database unreachable}). */
    void report(String instance, String problem) {
        problems.put(instance, problem);
    }

    void clear(String instance) {
        problems.remove(instance);
    }

    /** The readiness check: succeeds when no instance has a problem, else fails naming them. */
    public Future<Void> check() {
        if (problems.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(String.join("; ", new TreeSet<>(problems.values())));
    }
}
