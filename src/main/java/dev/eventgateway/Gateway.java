package dev.eventgateway;

import dev.eventgateway.admin.AdminRoutes;
import dev.eventgateway.cli.Blocking;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.Role;
import dev.eventgateway.console.Console;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretKeyFile;
import dev.eventgateway.embedded.EmbeddedServers;
import dev.eventgateway.http.HttpVersions;
import dev.eventgateway.http.ListenerPorts;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.observability.LogNoise;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.WebhookDefinitions;
import dev.eventgateway.publish.IngressProducer;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.TopicCreator;
import dev.eventgateway.storage.Migrations;
import dev.eventgateway.spool.Spooling;
import dev.eventgateway.storage.PgPools;
import dev.eventgateway.webhook.Webhook;
import dev.eventgateway.webhook.WebhookRegistry;
import dev.eventgateway.worker.Workers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running gateway: embedded servers when none are configured, the schema, the topics, and the verticles.
 * {@link #start} blocks until the gateway serves; {@link #close} stops it gracefully. Used by {@code run} and by the
 * integration tests alike, so both take the same path.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * One event loop per core, not Netty's two: ingress is CPU-bound, and on a small machine shared with Kafka the
     * benchmark measured fewer loops as faster. HTTP instances default to one per loop.
     */
    private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    static {
        // before any HTTP server exists: unknown HTTP versions must reach the router to get the envelope
        HttpVersions.routeEveryVersion();
        // library lines that are not what their level says (a client's HTTP/2 protocol error, a gauge re-registered)
        LogNoise.install();
    }

    private final GatewayConfig config;
    private final EmbeddedServers embedded;
    private final Vertx vertx;
    private final Readiness readiness;
    private final GatewayMetrics metrics;
    private final WebhookRegistry registry;
    private final int httpPort;
    private final int managementPort;
    private final IngressLimits limits;
    private final List<String> httpDeployments;
    private final List<AutoCloseable> resources;
    private volatile boolean closed;

    private Gateway(GatewayConfig config, EmbeddedServers embedded, Vertx vertx, Readiness readiness,
                    GatewayMetrics metrics, WebhookRegistry registry, int httpPort, int managementPort,
                    IngressLimits limits, List<String> httpDeployments, List<AutoCloseable> resources) {
        this.config = config;
        this.embedded = embedded;
        this.vertx = vertx;
        this.readiness = readiness;
        this.metrics = metrics;
        this.registry = registry;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.limits = limits;
        this.httpDeployments = httpDeployments;
        this.resources = resources;
    }

    /**
     * Starts everything and returns once the HTTP port listens. Blocking; call from {@code main} or test set-up.
     *
     * @throws IllegalStateException when a part does not come up; whatever was started is stopped again
     */
    public static Gateway start(GatewayConfig requested) {
        return start(requested, Tracing.fromEnvironment(System.getenv()));
    }

    /**
     * Starts everything with the given tracing (closed with the gateway, or at once if the start fails). Blocking.
     *
     * @throws IllegalStateException when a part does not come up; whatever was started is stopped again
     */
    public static Gateway start(GatewayConfig requested, Tracing tracing) {
        long started = System.nanoTime();
        Clock clock = Clock.systemUTC(); // the one clock: ingress, workers, admin and console read time from it
        EmbeddedServers embedded = null;
        Vertx vertx = null;
        IngressProducer ingressProducer = null;
        try {
            // the declarations first: a bad one stops the start before any server is up (ConfigException)
            Providers providers = Providers.standard();
            List<Webhook> declared = WebhookDefinitions.declared(requested.webhooks(), providers);
            GatewayConfig config = requested;
            // and the listeners' ports: a clash is named before the embedded servers take seconds to start
            ListenerPorts.requireFree(config);
            if (config.kafka().embedded() || config.postgres().embedded()) {
                embedded = EmbeddedServers.start(config.kafka().embedded(), config.postgres().embedded(),
                        config.dataDir(), config.embedded().kafkaPort(), config.embedded().postgresPort(),
                        config.embedded().kafkaHeap());
                config = resolveEmbedded(config, embedded);
            }
            if (config.secretKey() == null) {
                // only the embedded database may go without a configured key (ConfigLoader): keep one in its data dir
                config = config.withSecretKey(SecretKeyFile.loadOrCreate(config.dataDir()));
            }
            Migrations.run(config.postgres());
            TopicCreator.ensure(config.kafka(), START_TIMEOUT.toSeconds());
            GatewayMetrics metrics = GatewayMetrics.create(config.management().webhookSeries());
            Role role = config.role();
            if (role.runsIngress()) {
                ingressProducer = IngressProducer.start(config.kafka(), config.ingress(),
                        producer -> metrics.kafkaClient(producer, "ingress"));
            }

            vertx = Vertx.builder()
                    .with(new VertxOptions()
                            .setEventLoopPoolSize(EVENT_LOOPS)
                            .setMaxEventLoopExecuteTime(config.management().eventLoopWarning().toNanos())
                            .setMaxEventLoopExecuteTimeUnit(TimeUnit.NANOSECONDS)
                            .setBlockedThreadCheckInterval(config.management().eventLoopCheckInterval().toMillis())
                            .setMetricsOptions(GatewayMetrics.vertxOptions()))
                    .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                    .build();
            WebhookRegistry registry = new WebhookRegistry();
            registry.onAdded(webhook -> metrics.webhookKnown(webhook.uid(), webhook.provider()));

            // each role is ready when what it needs answers: ingress Kafka and the live webhook registry, the
            // workers PostgreSQL, Kafka and every consumer
            Readiness readiness = new Readiness();
            List<AutoCloseable> resources = new ArrayList<>();
            if (ingressProducer != null) {
                // flushed and closed right after the HTTP servers stop (the workers, when deployed, go first)
                resources.add(ingressProducer);
            }
            // the last spans (the producer's and the workers' final ones) are exported after both stopped
            resources.add(tracing);
            Pool pool = PgPools.shared(vertx, config.postgres(), "gateway-health");
            resources.add(pool::close);
            if (role.runsWorkers()) {
                readiness.register("postgres", () -> pool.query("SELECT 1").execute());
            }
            KafkaAdminClient kafkaAdmin = KafkaAdminClient.create(vertx, config.kafka().adminProperties());
            resources.add(kafkaAdmin::close);
            // the spool (DESIGN §3, §8): while Kafka is away, verified requests go to PostgreSQL and still get 200
            Pool spoolPool = PgPools.shared(vertx, config.postgres(), "gateway-spool");
            Spooling spooling = Blocking.await(Spooling.start(vertx, config, spoolPool, metrics.registry(), clock),
                    START_TIMEOUT, "reading the spool");
            resources.add(spooling);
            resources.add(spoolPool::close);
            if (role.runsIngress() && spooling.spool().enabled()) {
                readiness.registerDegradable("kafka", kafkaAdmin::describeCluster, "spooling");
                readiness.registerDegradable("spool", spooling::readiness, "spooling");
            } else {
                readiness.register("kafka", kafkaAdmin::describeCluster);
            }

            // webhooks: declared ones upserted, all loaded into the registry, kept live by LISTEN/NOTIFY (DESIGN §2)
            WebhookSync webhooks = Blocking.await(WebhookSync.start(vertx, config, declared, registry), START_TIMEOUT,
                    "loading webhooks");
            resources.add(webhooks);
            if (role.runsIngress()) {
                readiness.register("webhooks", webhooks::check);
            }
            Pool apiPool = PgPools.shared(vertx, config.postgres(), WebhookSync.POOL_NAME);
            AutoCloseable apiPoolClose = apiPool::close;
            resources.add(apiPoolClose);
            // workers (DESIGN §5): Kafka → PostgreSQL consumers, the notification outbox, consumer lag. Stopped
            // first among the resources, i.e. right after the HTTP server, committing what they finished.
            if (role.runsWorkers()) {
                Workers workers = Blocking.await(Workers.deploy(vertx, config, registry, metrics, tracing, clock), START_TIMEOUT,
                        "starting the workers");
                readiness.register("workers", workers::check);
                Duration workersStop = config.shutdownTimeout().plusSeconds(5);
                resources.add(0, () -> Blocking.await(workers.stop(), workersStop, "stopping the workers"));
            }

            IngressLimits limits = new IngressLimits();
            Listeners listeners;
            if (role.runsIngress()) {
                metrics.ingressInFlight(limits::inFlight);
                metrics.ingressInFlightBytes(limits::inFlightBytes, config.ingress().maxInFlightBytes());
                // the console (DESIGN §6) and its refused-request recorder, which runs whether the console is on or not
                Console console = Console.start(vertx, config, registry, providers, apiPool, metrics, clock);
                resources.add(resources.indexOf(apiPoolClose), console);   // its timers stop before the pool they use
                List<RouteMounter> routes = new ArrayList<>(console.routes());
                routes.add(new AdminRoutes(config, webhooks.store(), apiPool, providers, clock,
                        console.adminCredential()));
                listeners = deployListeners(vertx, config, registry, providers, ingressProducer, spooling.spool(),
                        metrics, readiness, limits, routes, tracing, clock);
            } else {
                listeners = deployManagementOnly(vertx, config, metrics, readiness);
            }

            LOG.info("gateway started [role: {}, port: {}, managementPort: {}, instances: {}, kafka: {}, postgres: {}, "
                            + "startupMs: {}]", role.value(), listeners.httpPort < 0 ? "none" : listeners.httpPort,
                    listeners.managementPort, listeners.instances, config.kafka().bootstrapServers(),
                    config.postgres().jdbcUrl(), (System.nanoTime() - started) / 1_000_000);
            return new Gateway(config, embedded, vertx, readiness, metrics, registry, listeners.httpPort,
                    listeners.managementPort, limits, listeners.deployments, resources);
        } catch (RuntimeException e) {
            if (vertx != null) {
                Blocking.await(vertx.close().otherwiseEmpty(), START_TIMEOUT, "stopping Vert.x");
            }
            if (ingressProducer != null) {
                ingressProducer.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            tracing.close();
            throw e;
        }
    }

    private record Listeners(int httpPort, int managementPort, int instances, List<String> deployments) {
    }

    /**
     * The public listener (one verticle per event loop by default) and, unless it shares the public port, the
     * management listener. The deployments are listed in the order they are stopped: public first, so that health
     * and metrics answer while ingress drains.
     */
    private static Listeners deployListeners(Vertx vertx, GatewayConfig config, WebhookRegistry registry,
                                             Providers providers, IngressProducer producer, Spool spool,
                                             GatewayMetrics metrics,
                                             Readiness readiness, IngressLimits limits, List<RouteMounter> routes,
                                             Tracing tracing, Clock clock) {
        boolean shared = config.management().sharesPublicListener(config.http());
        AtomicInteger httpPort = new AtomicInteger();
        int instances = config.http().instances() > 0 ? config.http().instances() : EVENT_LOOPS;
        List<String> deployments = new ArrayList<>();
        deployments.add(Blocking.await(vertx.deployVerticle(
                () -> new HttpVerticle(config, registry, providers, producer, spool, metrics, readiness, limits,
                        routes, shared, httpPort, tracing, clock),
                new DeploymentOptions().setInstances(instances)), START_TIMEOUT, "starting the HTTP server"));
        if (shared) {
            return new Listeners(httpPort.get(), httpPort.get(), instances, deployments);
        }
        AtomicInteger managementPort = new AtomicInteger();
        deployments.add(Blocking.await(vertx.deployVerticle(
                new ManagementVerticle(config.management(), metrics, readiness, routes, managementPort)),
                START_TIMEOUT, "starting the management listener"));
        return new Listeners(httpPort.get(), managementPort.get(), instances, List.copyOf(deployments));
    }

    /** The workers role: no public listener, only health and metrics on the management port. */
    private static Listeners deployManagementOnly(Vertx vertx, GatewayConfig config, GatewayMetrics metrics,
                                                  Readiness readiness) {
        AtomicInteger managementPort = new AtomicInteger();
        String id = Blocking.await(vertx.deployVerticle(
                new ManagementVerticle(config.management(), metrics, readiness, List.of(), managementPort)),
                START_TIMEOUT, "starting the management listener");
        return new Listeners(-1, managementPort.get(), 0, List.of(id));
    }

    private static GatewayConfig resolveEmbedded(GatewayConfig config, EmbeddedServers embedded) {
        GatewayConfig out = config;
        var kafka = embedded.kafka();
        if (kafka.isPresent()) {
            out = out.withKafka(out.kafka().withBootstrapServers(kafka.get().bootstrapServers()));
        }
        var postgres = embedded.postgres();
        if (postgres.isPresent()) {
            var pg = postgres.get();
            out = out.withPostgres(out.postgres().withServer(pg.host(), pg.port(), pg.database(), pg.user(),
                    Secret.ofNullable(pg.password())));
        }
        return out;
    }

    /**
     * Waits until no ingress request is in flight, or the timeout passed. The listeners keep listening meanwhile, so
     * that a request arriving now (a balancer that has not yet seen readiness go down) gets its 503 and retries
     * elsewhere instead of a refused connection. Runs on the stopping thread, never on an event loop.
     */
    private void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (limits.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (limits.inFlight() > 0) {
            LOG.warn("drain timed out, in-flight requests are cut [inFlight: {}]", limits.inFlight());
        }
    }

    /** The configuration as running: embedded server addresses filled in. */
    public GatewayConfig config() {
        return config;
    }

    /** The public listener's port; -1 for the workers role, which has none. */
    public int httpPort() {
        return httpPort;
    }

    /** The management listener's port: {@link #httpPort} itself in the single-port layout. */
    public int managementPort() {
        return managementPort;
    }

    public Vertx vertx() {
        return vertx;
    }

    public WebhookRegistry registry() {
        return registry;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /**
     * Graceful stop: readiness goes down and new ingress requests get 503 UNAVAILABLE with {@code Connection: close}
     * (DESIGN §3) while the admitted ones finish; then the HTTP servers stop, the producer flushes, and Vert.x and the
     * embedded servers stop. Blocking; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        readiness.markShuttingDown();
        Duration timeout = config.shutdownTimeout().plusSeconds(5);
        try {
            drain(config.shutdownTimeout());
            for (String id : httpDeployments) {
                Blocking.await(vertx.undeploy(id), timeout, "stopping the HTTP server");
            }
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("resource did not close cleanly [cause: {}]", e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("graceful stop incomplete [cause: {}]", e.getMessage());
        } finally {
            Blocking.await(vertx.close().recover(err -> Future.succeededFuture()), timeout, "stopping Vert.x");
            if (embedded != null) {
                embedded.close();
            }
            LOG.info("gateway stopped [shutdownMs: {}]", (System.nanoTime() - started) / 1_000_000);
        }
    }
}
