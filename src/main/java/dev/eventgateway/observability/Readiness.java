package dev.eventgateway.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The parts {@code /health/ready} asks: each a named asynchronous check (Kafka, PostgreSQL, workers) that must
 * succeed within a short timeout. Also carries the shutting-down flag. Thread-safe after start-up registration.
 */
public final class Readiness {

    private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
    private volatile boolean shuttingDown;

    public synchronized void register(String name, Supplier<Future<?>> check) {
        checks.put(name, check);
    }

    public void markShuttingDown() {
        shuttingDown = true;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** Runs every check; the result maps each part to "up" or "down: reason". Never fails. */
    public Future<Report> check(Vertx vertx, long timeoutMillis) {
        Map<String, Supplier<Future<?>>> snapshot;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(checks);
        }
        List<String> names = new ArrayList<>(snapshot.keySet());
        List<Future<String>> results = new ArrayList<>();
        for (String name : names) {
            Future<?> check;
            try {
                check = snapshot.get(name).get();
            } catch (RuntimeException e) {
                check = Future.failedFuture(e);
            }
            results.add(check.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .map(ok -> "up")
                    .otherwise(err -> "down: " + (err.getMessage() == null ? err.getClass().getSimpleName()
                            : err.getMessage())));
        }
        return Future.join(results).otherwise(err -> null).map(done -> {
            JsonObject parts = new JsonObject();
            boolean up = !shuttingDown;
            for (int i = 0; i < names.size(); i++) {
                String state = results.get(i).result();
                parts.put(names.get(i), state);
                up &= "up".equals(state);
            }
            if (shuttingDown) {
                parts.put("gateway", "down: shutting down");
            }
            return new Report(up, parts);
        });
    }

    /** The outcome of one readiness probe. */
    public record Report(boolean ready, JsonObject parts) {
    }
}
