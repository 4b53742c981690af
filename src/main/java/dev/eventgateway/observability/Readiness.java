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
 * succeed within a short timeout. A part may be degradable: when its check fails, it reads "degraded: …" and the
 * gateway stays ready (Kafka while the spool takes the requests). Also carries the shutting-down flag. Thread-safe
 * after start-up registration.
 */
public final class Readiness {

    private static final String DEGRADED = "degraded: ";

    private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
    private final Map<String, String> degradedAs = new LinkedHashMap<>();
    private volatile boolean shuttingDown;

    public synchronized void register(String name, Supplier<Future<?>> check) {
        checks.put(name, check);
    }

    /** A part whose failure reads {@code "degraded: " + meaning + " (" + reason + ")"} and keeps the gateway ready. */
    public synchronized void registerDegradable(String name, Supplier<Future<?>> check, String meaning) {
        checks.put(name, check);
        degradedAs.put(name, meaning);
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
        Map<String, String> degradable;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(checks);
            degradable = new LinkedHashMap<>(degradedAs);
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
            String meaning = degradable.get(name);
            results.add(check.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .map(ok -> "up")
                    .otherwise(err -> {
                        String reason = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
                        return meaning == null ? "down: " + reason : DEGRADED + meaning + " (" + reason + ")";
                    }));
        }
        return Future.join(results).otherwise(err -> null).map(done -> {
            JsonObject parts = new JsonObject();
            boolean up = !shuttingDown;
            for (int i = 0; i < names.size(); i++) {
                String state = results.get(i).result();
                parts.put(names.get(i), state);
                up &= "up".equals(state) || state.startsWith(DEGRADED);
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
