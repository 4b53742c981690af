package dev.eventgateway.storage.webhooks;

import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps this process's {@link WebhookRegistry} in step with the webhooks table: one {@code LISTEN webhook_changes}
 * connection per process (vertx-pg-client {@link PgSubscriber}, reconnecting for ever with back-off).
 * <p>
 * Protocol: the table's trigger sends {@code NOTIFY webhook_changes, '<webhookUid>'} when a change commits. A
 * notification reloads that row (gone or unreadable → removed from the registry). Each time the channel is
 * (re)subscribed, the whole table is reloaded: that is the first load at start, and after a lost connection it brings
 * back whatever was notified while nobody listened.
 * <p>
 * Reloads run one at a time, in arrival order; notifications that arrive meanwhile are batched into the next one.
 * Since a reload reads the table after its notification arrived, the last one applied always reflects the last
 * committed change. A failed reload is retried as a full reload.
 */
public final class WebhookChangeListener implements AutoCloseable {

    public static final String CHANNEL = "webhook_changes";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookChangeListener.class);
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;
    private static final long RETRY_DELAY_MS = 500;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final WebhookStore store;
    private final WebhookRegistry registry;
    private final Promise<Void> firstLoad = Promise.promise();
    // guarded by this: the work waiting for the next reload
    private final Set<String> pendingUids = new LinkedHashSet<>();
    private boolean fullReloadPending;
    private boolean reloading;
    private volatile boolean closed;

    /**
     * @param connectOptions a connection of its own (LISTEN holds it); its application name is set here so operators
     *                       can find it in {@code pg_stat_activity}
     */
    public WebhookChangeListener(Vertx vertx, PgConnectOptions connectOptions, WebhookStore store,
                                 WebhookRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(connectOptions)
                        .setReconnectAttempts(0)
                        .addProperty("application_name", applicationName()))
                .reconnectPolicy(attempt -> Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(attempt, 6)));
    }

    /** {@code event-gateway-webhooks-<pid>}: one per process. */
    public static String applicationName() {
        return "event-gateway-webhooks-" + ProcessHandle.current().pid();
    }

    /** Connects, listens, and completes once the whole table is in the registry. */
    public Future<Void> start() {
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> {
                    LOG.info("listening for webhook changes [channel: {}]", CHANNEL);
                    var connection = subscriber.actualConnection();
                    if (connection != null) {
                        connection.exceptionHandler(err -> LOG.warn("webhook change listener lost its connection, "
                                + "reconnecting [cause: {}]", err.getMessage()));
                    }
                    requestFullReload();
                })
                .handler(this::requestReload);
        subscriber.closeHandler(v -> {
            if (!closed) {
                LOG.error("webhook change listener stopped: ingress keeps its last webhooks");
            }
        });
        return subscriber.connect().compose(v -> firstLoad.future());
    }

    /** Whether the LISTEN connection is up (readiness). */
    public boolean listening() {
        return !closed && subscriber.actualConnection() != null;
    }

    private void requestReload(String uid) {
        synchronized (this) {
            pendingUids.add(uid);
        }
        drain();
    }

    private void requestFullReload() {
        synchronized (this) {
            fullReloadPending = true;
        }
        drain();
    }

    private void drain() {
        boolean full;
        Set<String> uids;
        synchronized (this) {
            if (reloading || closed || (!fullReloadPending && pendingUids.isEmpty())) {
                return;
            }
            reloading = true;
            full = fullReloadPending;
            uids = Set.copyOf(pendingUids);
            fullReloadPending = false;
            pendingUids.clear(); // a full reload covers them too
        }
        Future<Void> reload = full ? reloadAll() : reload(uids);
        reload.onComplete(done -> {
            synchronized (this) {
                reloading = false;
            }
            if (done.succeeded()) {
                if (full) {
                    firstLoad.tryComplete();
                }
                drain();
            } else {
                LOG.warn("webhook reload failed, retrying in full [cause: {}]", done.cause().toString());
                vertx.setTimer(RETRY_DELAY_MS, t -> requestFullReload());
            }
        });
    }

    private Future<Void> reloadAll() {
        return store.loadAll().map(all -> {
            registry.replaceAll(all);
            LOG.info("webhooks loaded [count: {}]", all.size());
            return null;
        });
    }

    private Future<Void> reload(Set<String> uids) {
        return store.findAll(uids).map(found -> {
            for (String uid : uids) {
                Webhook webhook = found.get(uid);
                if (webhook == null) {
                    registry.remove(uid);
                } else {
                    registry.put(webhook);
                }
            }
            LOG.debug("webhooks reloaded [webhookUids: {}]", uids);
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        subscriber.close();
    }
}
