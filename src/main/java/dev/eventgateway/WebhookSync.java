package dev.eventgateway;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.storage.PgPools;
import dev.eventgateway.storage.webhooks.WebhookChangeListener;
import dev.eventgateway.storage.webhooks.WebhookStore;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.List;

/**
 * Where this process's webhooks come from: the config-declared ones are written to the table, then the whole table
 * is loaded into the {@link WebhookRegistry} and kept live by the {@link WebhookChangeListener}. Runs in every gateway
 * process, whether or not its admin API is on, since another process's admin API may change what ingress here must
 * accept.
 */
public final class WebhookSync implements AutoCloseable {

    /** The shared pool of the admin API and the webhook store (one set of connections for both). */
    public static final String POOL_NAME = "gateway-api";

    private final Pool pool;
    private final WebhookStore store;
    private final WebhookChangeListener listener;

    private WebhookSync(Pool pool, WebhookStore store, WebhookChangeListener listener) {
        this.pool = pool;
        this.store = store;
        this.listener = listener;
    }

    /**
     * Completes once the registry holds every webhook and changes are being listened for.
     *
     * @param config   with its secret key resolved (configured, or the embedded data dir's)
     * @param declared the config file's webhooks, read by {@code WebhookDefinitions}
     */
    public static Future<WebhookSync> start(Vertx vertx, GatewayConfig config, List<Webhook> declared,
                                            WebhookRegistry registry) {
        SecretCipher cipher = SecretCipher.of(config.secretKey());
        Pool pool = PgPools.shared(vertx, config.postgres(), POOL_NAME);
        WebhookStore store = new WebhookStore(pool, cipher, registry::put, registry::remove);
        WebhookChangeListener listener = new WebhookChangeListener(vertx, PgPools.connectOptions(config.postgres()),
                store, registry);
        return store.upsertDeclared(declared)
                .compose(v -> listener.start())
                .map(v -> new WebhookSync(pool, store, listener))
                .onFailure(err -> {
                    listener.close();
                    pool.close();
                });
    }

    public WebhookStore store() {
        return store;
    }

    /** For readiness: fails while the LISTEN connection is down (changes made elsewhere would not arrive). */
    public Future<Void> check() {
        return listener.listening() ? Future.succeededFuture()
                : Future.failedFuture("not listening for webhook changes");
    }

    @Override
    public void close() {
        listener.close();
        pool.close();
    }
}
