package dev.eventgateway.webhook;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The in-memory webhooks ingress reads on every request, with no I/O. Holds an immutable snapshot that is swapped
 * whole on refresh, so readers on any event loop see either the old or the new map, never a half-updated one.
 * One registry per process is shared by every ingress instance.
 */
public final class WebhookRegistry {

    private final AtomicReference<Map<String, Webhook>> snapshot = new AtomicReference<>(Map.of());
    private volatile Consumer<Webhook> added = webhook -> { };

    /**
     * Called with every webhook put into the registry, new or changed, on the thread that puts it (e.g. for its
     * metrics to be registered). One listener; set it before the registry is filled.
     */
    public void onAdded(Consumer<Webhook> listener) {
        this.added = listener;
    }

    /** The webhook with this uid, whatever its status. */
    public Optional<Webhook> find(String uid) {
        return Optional.ofNullable(snapshot.get().get(uid));
    }

    public Collection<Webhook> all() {
        return snapshot.get().values();
    }

    /** Replaces the whole snapshot (after a full load). */
    public void replaceAll(Collection<Webhook> webhooks) {
        snapshot.set(webhooks.stream().collect(Collectors.toUnmodifiableMap(Webhook::uid, Function.identity())));
        webhooks.forEach(added);
    }

    /** Puts or replaces one webhook (after a change notification). */
    public void put(Webhook webhook) {
        snapshot.updateAndGet(current -> {
            var next = new java.util.HashMap<>(current);
            next.put(webhook.uid(), webhook);
            return Map.copyOf(next);
        });
        added.accept(webhook);
    }

    public void remove(String uid) {
        snapshot.updateAndGet(current -> {
            var next = new java.util.HashMap<>(current);
            next.remove(uid);
            return Map.copyOf(next);
        });
    }
}
