package dev.eventgateway.spool;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.storage.spool.SpoolTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.util.HashMap;

/**
 * The spool as the gateway runs it (DESIGN §3, §8): {@link PgSpool} for ingress and its {@link SpoolDrainer}. With
 * {@code ingress.spool.enabled} false, {@link Spool#NONE} and no drainer.
 */
public final class Spooling implements AutoCloseable {

    private final Spool spool;
    private final SpoolDrainer drainer;

    private Spooling(Spool spool, SpoolDrainer drainer) {
        this.spool = spool;
        this.drainer = drainer;
    }

    /**
     * Reads the spool once (so that a gateway starting while it holds requests spools from its first request on),
     * then starts the drainer's rounds on {@code vertx}, over {@code pool}.
     */
    public static Future<Spooling> start(Vertx vertx, GatewayConfig config, Pool pool, MeterRegistry registry,
                                         Clock clock) {
        if (!config.ingress().spool().enabled()) {
            return Future.succeededFuture(new Spooling(Spool.NONE, null));
        }
        SpoolTable table = new SpoolTable(pool);
        SpoolState state = new SpoolState();
        SpoolMetrics metrics = new SpoolMetrics(registry, state, config.ingress().spool().maxBytes(), clock);
        PgSpool spool = new PgSpool(table, new TopicRouter(new Topics(config.kafka())), state, metrics,
                config.ingress().spool().maxBytes(), clock);
        return table.stats().map(stats -> {
            if (stats.requests() > 0) {
                state.markActive();
            }
            metrics.read(stats);
            spool.sizeRead(stats.bytes());
            SpoolDrainer drainer = new SpoolDrainer(vertx, table, state, spool, metrics,
                    () -> new KafkaProducer<>(new HashMap<String, Object>(config.kafka().producerProperties()),
                            new StringSerializer(), new ByteArraySerializer()));
            return new Spooling(spool, drainer.start());
        });
    }

    public Spool spool() {
        return spool;
    }

    /**
     * The readiness check of the part {@code spool}, registered as degradable: it fails while new requests go to the
     * spool, which reads "degraded: spooling (…)" and keeps the gateway in the balancer.
     */
    public Future<Void> readiness() {
        return spool.active()
                ? Future.failedFuture(new IllegalStateException("requests go to the spool until it is drained"))
                : Future.succeededFuture();
    }

    @Override
    public void close() {
        if (drainer != null) {
            drainer.close();
        }
    }
}
