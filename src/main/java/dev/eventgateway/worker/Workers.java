package dev.eventgateway.worker;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.webhook.WebhookRegistry;
import dev.eventgateway.worker.crm.CrmProcessor;
import dev.eventgateway.worker.templates.NotificationDispatcherVerticle;
import dev.eventgateway.worker.templates.TemplateOpsProcessor;
import dev.eventgateway.worker.timeline.TimelineProcessor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers of one gateway process (DESIGN §5): {@code workers.instances} consumer verticles for each of crm,
 * timeline and template-ops (each worker its own consumer group, so they scale by instances and by processes), the
 * notification dispatcher, and the consumer-lag monitor. The gateway deploys them when {@code workers.enabled},
 * registers {@link #check} as the "workers" readiness check, and stops them after its HTTP server.
 */
public final class Workers {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    private static final Duration WRITE_IN_HAND_WAIT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final WorkerHealth health;
    private final List<String> consumers;
    private final List<String> helpers;

    private Workers(Vertx vertx, WorkerHealth health, List<String> consumers, List<String> helpers) {
        this.vertx = vertx;
        this.health = health;
        this.consumers = consumers;
        this.helpers = helpers;
    }

    /** Deploys everything; the future fails when a part does not start (what did start is undeployed by Vert.x). */
    public static Future<Workers> deploy(Vertx vertx, GatewayConfig config, WebhookRegistry webhooks,
                                         GatewayMetrics metrics, Tracing tracing, Clock clock) {
        Topics topics = new Topics(config.kafka());
        WorkerHealth health = new WorkerHealth();
        // a write on a healthy database takes milliseconds: a stop waits a little for the one in hand, not the whole
        // shutdown budget, which the HTTP server's drain shares
        Duration stopTimeout = config.shutdownTimeout().compareTo(WRITE_IN_HAND_WAIT) < 0 ? config.shutdownTimeout()
                : WRITE_IN_HAND_WAIT;
        WorkerSetup setup = new WorkerSetup(config.kafka(), config.postgres(), config.workers(), topics,
                RetryPolicy.of(config.workers(), webhooks), metrics, health, stopTimeout, tracing, clock);
        boolean http = config.slackUrl() != null;
        Runnable wakeDispatcher = () -> vertx.eventBus().send(NotificationDispatcherVerticle.WAKE_ADDRESS, null);

        List<ConsumerLagVerticle.Watched> watched = new ArrayList<>();
        for (var processor : List.of(new CrmProcessor(), new TimelineProcessor(),
                new TemplateOpsProcessor(http, wakeDispatcher, clock))) {
            String worker = processor.worker();
            processor.sources().forEach(source -> watched.add(new ConsumerLagVerticle.Watched(worker,
                    config.workers().groupId(worker), topics.of(source))));
        }
        List<Future<String>> helpers = List.of(
                vertx.deployVerticle(new NotificationDispatcherVerticle(config.kafka(), config.postgres(),
                        topics.notifications(), config.slackUrl(), config.workers().notifications(), metrics, clock)),
                vertx.deployVerticle(new ConsumerLagVerticle(config.kafka(), watched, config.workers().lagInterval(),
                        metrics)));
        // worker verticles in Vert.x's sense: decoding and preparing a poll of up to max.poll.records events runs on a
        // worker thread, so it never holds up the event loops that answer providers (still one thread at a time per
        // instance, so nothing in them needs to be thread-safe)
        DeploymentOptions instances = new DeploymentOptions().setInstances(config.workers().instances())
                .setThreadingModel(ThreadingModel.WORKER);
        List<Future<String>> consumers = List.of(
                vertx.deployVerticle(() -> new WorkerVerticle<>(new CrmProcessor(), setup), instances),
                vertx.deployVerticle(() -> new WorkerVerticle<>(new TimelineProcessor(), setup), instances),
                vertx.deployVerticle(() -> new WorkerVerticle<>(new TemplateOpsProcessor(http, wakeDispatcher, clock), setup),
                        instances));
        return Future.all(Future.all(helpers), Future.all(consumers))
                .map(all -> {
                    LOG.info("workers started [instances: {}, groups: {}, notificationsHttp: {}]",
                            config.workers().instances(), watched.stream().map(ConsumerLagVerticle.Watched::group)
                                    .distinct().toList(), http);
                    return new Workers(vertx, health, consumers.stream().map(Future::result).toList(),
                            helpers.stream().map(Future::result).toList());
                });
    }

    /** The readiness check: fails while a worker waits for an unreachable database or has halted. */
    public Future<Void> check() {
        return health.check();
    }

    /**
     * Stops the consumers first — each lets its write in hand finish and commits what it finished — then the
     * dispatcher and the lag monitor. Never fails.
     */
    public Future<Void> stop() {
        return Future.join(consumers.stream().map(vertx::undeploy).toList())
                .transform(done -> Future.join(helpers.stream().map(vertx::undeploy).toList()))
                .transform(done -> {
                    LOG.info("workers stopped");
                    return Future.succeededFuture();
                });
    }
}
