package dev.eventgateway.console;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ClientAddresses;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.storage.query.NotificationQueries;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import dev.eventgateway.storage.traffic.TrafficTable;
import dev.eventgateway.webhook.WebhookRegistry;
import dev.eventgateway.worker.DeadLetterQueue;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The operator console (DESIGN §6) and what feeds it. The refused-request recorder and the traffic sampler run on
 * every gateway and write to tables all gateways share, so the console of any gateway shows the refusals and the
 * traffic of all; the console itself and its sessions only where the admin API is on (an admin token is set). Started once per process; {@link #routes} go to every HTTP
 * verticle.
 */
public final class Console implements AutoCloseable {

    /** How long a console session lasts; signing in again starts a new one. */
    public static final Duration SESSION_TTL = Duration.ofHours(8);
    static final Duration REFUSALS_MAX_AGE = Duration.ofDays(7);
    static final long REFUSALS_MAX_ROWS = 10_000;

    private final RefusalRecorder recorder;
    private final TrafficSampler sampler;
    private final ConsoleSessions sessions;
    private final List<RouteMounter> routes;

    private Console(RefusalRecorder recorder, TrafficSampler sampler, ConsoleSessions sessions,
                    List<RouteMounter> routes) {
        this.recorder = recorder;
        this.sampler = sampler;
        this.sessions = sessions;
        this.routes = routes;
    }

    /** @param config as running: the Kafka address resolved (embedded servers started) */
    public static Console start(Vertx vertx, GatewayConfig config, WebhookRegistry registry, Providers providers,
                                Pool pool, GatewayMetrics metrics, Clock clock) {
        RefusedRequestTable table = new RefusedRequestTable(pool);
        RefusalRecorder recorder = new RefusalRecorder(registry, table, clock, REFUSALS_MAX_AGE, REFUSALS_MAX_ROWS)
                .start(vertx);
        TrafficTable traffic = new TrafficTable(pool);
        TrafficSampler sampler = new TrafficSampler(metrics, traffic, instanceId(), clock).start(vertx);
        List<RouteMounter> routes = new ArrayList<>(List.of(recorder));
        if (config.admin().token() == null) {
            return new Console(recorder, sampler, null, List.copyOf(routes));
        }
        ConsoleSessions sessions = new ConsoleSessions(config.admin().token(), SESSION_TTL,
                config.http().publicBaseUrl().startsWith("https:"), clock);
        Topics topics = new Topics(config.kafka());
        routes.add(new ConsoleRoutes(sessions, new ClientAddresses(config.http().trustedProxies()), registry, providers, new TrafficView(traffic, clock), table,
                worker -> new DeadLetterQueue(topics.deadLetters(worker), config.workers().groupId("dlq-" + worker),
                        config.kafka()), new NotificationQueries(pool), clock));
        return new Console(recorder, sampler, sessions, List.copyOf(routes));
    }

    /**
     * This process among the gateways that write the shared traffic tables: the host's name where the environment
     * gives it (no DNS lookup), the process id and a random part.
     */
    private static String instanceId() {
        return System.getenv().getOrDefault("HOSTNAME", "gateway") + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The routes to mount on every HTTP verticle: the refusal recorder, and the console when the admin API is on. */
    public List<RouteMounter> routes() {
        return routes;
    }

    /** For the admin API: the console's session with its CSRF header, accepted in place of the bearer token. */
    public Predicate<RoutingContext> adminCredential() {
        return sessions == null ? ctx -> false : sessions.asAdminCredential();
    }

    @Override
    public void close() {
        recorder.close();
        sampler.close();
    }
}
