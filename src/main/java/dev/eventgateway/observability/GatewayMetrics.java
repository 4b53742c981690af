package dev.eventgateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's own meters, on the same Prometheus registry Vert.x reports into. Thread-safe; one per process.
 * Webhook tags use only uids that exist, so random paths cannot blow up the series count.
 * <p>
 * Per-webhook series are bounded: the first {@code webhookSeries} webhooks to be counted after the start keep their
 * uid as the {@code webhook} label on {@code /metrics}; every other webhook's requests, refusals and events are
 * counted under {@link #OTHER_WEBHOOKS}. With thousands of webhooks a scrape thus stays small and fast. Every webhook's
 * own request counts are still kept, in {@link #webhookTraffic()} (a registry {@code /metrics} never shows), which the
 * console's traffic view reads.
 */
public final class GatewayMetrics {

    /** The {@code webhook} label of the webhooks past the {@code webhookSeries} that have series of their own. */
    public static final String OTHER_WEBHOOKS = "_other";
    /** Webhooks with series of their own on {@code /metrics} unless configured ({@code management.webhookSeries}). */
    public static final int DEFAULT_WEBHOOK_SERIES = 100;

    /** Freshness buckets: from a healthy worker's tens of milliseconds to a backlog of a quarter of an hour. */
    private static final Duration[] FRESHNESS_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15)};

    private final PrometheusMeterRegistry registry;
    /** Every webhook's request counts, uncapped: for the console, never scraped. */
    private final SimpleMeterRegistry webhookTraffic = new SimpleMeterRegistry();
    private final int webhookSeries;
    /** The webhook uids that have series of their own on /metrics; at most {@link #webhookSeries}. */
    private final Set<String> labelledWebhooks = ConcurrentHashMap.newKeySet();
    /** Ingress meters by name and tags: looked up once per combination, not built and registered per request. */
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    /** Per request: the (possibly aggregated) /metrics counter and the webhook's own traffic counter. */
    private final ConcurrentMap<String, Counter[]> requestCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> freshness = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outages = new ConcurrentHashMap<>();
    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong outboxOldestMillis = new AtomicLong();

    /** @param webhookSeries how many webhooks get series of their own on /metrics (0: none, all aggregated) */
    public GatewayMetrics(PrometheusMeterRegistry registry, int webhookSeries) {
        if (webhookSeries < 0) {
            throw new IllegalArgumentException("webhookSeries must not be negative: " + webhookSeries);
        }
        this.registry = registry;
        this.webhookSeries = webhookSeries;
    }

    public static GatewayMetrics create() {
        return create(DEFAULT_WEBHOOK_SERIES);
    }

    public static GatewayMetrics create(int webhookSeries) {
        return new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), webhookSeries);
    }

    /**
     * Vert.x's own metrics (the {@code vertx_*} series) with a bounded {@code http_method} label: the methods the
     * routes serve keep their name, any other method a caller invents is counted as {@code OTHER}. The label is set
     * by the request tags provider, before any meter is looked up, so an invented method costs neither a series nor
     * a cached meter id.
     */
    public static MicrometerMetricsOptions vertxOptions() {
        Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
        labels.remove(Label.HTTP_METHOD);
        return new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(labels)
                .setServerRequestTagsProvider(GatewayMetrics::methodTag)
                .setClientRequestTagsProvider(GatewayMetrics::methodTag);
    }

    private static Iterable<Tag> methodTag(HttpRequest request) {
        return Tags.of(Label.HTTP_METHOD.toString(), methodLabel(request.method()));
    }

    /** GET and POST (the only methods any route serves) by name; every other method as {@code OTHER}. */
    static String methodLabel(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.POST.equals(method) ? method.name() : "OTHER";
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * One ingress request and how it ended: {@code accepted} or the lowercase error code. Counted twice: on /metrics
     * (under the webhook's label, see {@link #webhookLabel}) and in the webhook's own {@link #webhookTraffic()}.
     */
    public void ingressRequest(String webhookUid, String provider, String outcome) {
        Counter[] both = requestCounters.computeIfAbsent("requests|" + webhookUid + "|" + provider + "|" + outcome,
                key -> new Counter[]{requestsCounter(webhookLabel(webhookUid), provider, outcome).register(registry),
                    requestsCounter(webhookUid, provider, outcome).register(webhookTraffic)});
        both[0].increment();
        both[1].increment();
    }

    private static Counter.Builder requestsCounter(String webhook, String provider, String outcome) {
        return Counter.builder("gateway_ingress_requests")
                .description("Ingress requests by webhook and outcome")
                .tags("webhook", webhook, "provider", provider, "outcome", outcome);
    }

    /**
     * The {@code webhook} label of this webhook's series on /metrics: its uid while fewer than {@code webhookSeries}
     * webhooks have one (first come, for the life of the process), otherwise {@link #OTHER_WEBHOOKS}. Called once per
     * meter, never per request.
     */
    String webhookLabel(String webhookUid) {
        if (labelledWebhooks.contains(webhookUid)) {
            return webhookUid;
        }
        synchronized (labelledWebhooks) {
            if (labelledWebhooks.size() < webhookSeries) {
                labelledWebhooks.add(webhookUid);
                return webhookUid;
            }
        }
        return OTHER_WEBHOOKS;
    }

    /**
     * Every webhook's {@code gateway_ingress_requests} counters, by its own uid however many webhooks there are: what
     * the console's traffic view reads. Not on /metrics.
     */
    public MeterRegistry webhookTraffic() {
        return webhookTraffic;
    }

    /** One request refused for who sent it, by reason category ({@link RefusalCategory#metricLabel}). */
    public void ingressRefused(String webhookUid, String provider, String reason) {
        refused(webhookUid, provider, reason).increment();
    }

    /**
     * Registers a webhook's refusal counters at zero, one per {@link RefusalCategory}, when the webhook becomes known:
     * a dashboard or an alert over {@code gateway_ingress_refused_total} then reads 0 rather than "no data" until the
     * first refusal of each reason.
     */
    public void webhookKnown(String webhookUid, String provider) {
        for (RefusalCategory category : RefusalCategory.values()) {
            refused(webhookUid, provider, category.metricLabel());
        }
    }

    private Counter refused(String webhookUid, String provider, String reason) {
        return counters.computeIfAbsent("refused|" + webhookUid + "|" + provider + "|" + reason,
                key -> Counter.builder("gateway_ingress_refused")
                        .description("Ingress requests refused by verification, IP allow-list or status, by reason")
                        .tags("webhook", webhookLabel(webhookUid), "provider", provider, "reason", reason)
                        .register(registry));
    }

    public void ingressEvents(String webhookUid, String provider, int count) {
        counters.computeIfAbsent("events|" + webhookUid + "|" + provider,
                key -> Counter.builder("gateway_ingress_events")
                        .description("Canonical events accepted, by webhook")
                        .tags("webhook", webhookLabel(webhookUid), "provider", provider)
                        .register(registry)).increment(count);
    }

    /** Time from the first send to the last Kafka acknowledgement of one request. */
    public void publishLatency(String outcome, Duration elapsed) {
        timers.computeIfAbsent(outcome, key -> Timer.builder("gateway_kafka_publish")
                .description("Kafka publish latency of one request's records")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)).record(elapsed);
    }

    public MeterRegistry meters() {
        return registry;
    }

    // ---- workers (DESIGN §5) --------------------------------------------------------------------------------------

    /** A record applied to PostgreSQL and committed (or found already applied) by a worker. */
    public void workerProcessed(String worker) {
        workerProcessed(worker, 1);
    }

    /** Records applied to PostgreSQL in one transaction and committed (or found already applied) by a worker. */
    public void workerProcessed(String worker, int records) {
        processed(worker).increment(records);
    }

    /**
     * Freshness of one record a worker committed: from the gateway's {@code receivedAt} (the request's arrival) to the
     * commit of its row — what a reader of the worker's tables waits behind the provider. A histogram per worker.
     * Clocks of different gateways may differ a little; a negative span counts as zero.
     */
    public void workerFreshness(String worker, Instant receivedAt, Instant committedAt) {
        long millis = Math.max(0, committedAt.toEpochMilli() - receivedAt.toEpochMilli());
        freshness(worker).record(millis, TimeUnit.MILLISECONDS);
    }

    /** A failed write that is tried again: {@code reason} is {@code record} (counts an attempt) or {@code outage}. */
    public void workerRetried(String worker, String reason) {
        workerRetried(worker, reason, 1);
    }

    /** A failed write of several records (a batch) that is tried again: each record counts. */
    public void workerRetried(String worker, String reason, int records) {
        retried(worker, reason).increment(records);
    }

    /** The records of one poll, which a worker handles as one batch (written in one transaction when it can). */
    public void workerBatch(String worker, int records) {
        DistributionSummary.builder("gateway_worker_batch_records")
                .description("Records per batch (one poll) a worker took")
                .tag("worker", worker)
                .register(registry).record(records);
    }

    /** A record sent to the worker's DLQ: {@code reason} is {@code poison} or {@code exhausted}. */
    public void workerDeadLettered(String worker, String reason) {
        deadLettered(worker, reason).increment();
    }

    /** Whether a worker instance waits for an unreachable database (1) or runs (0); summed over instances. */
    public void workerOutage(String worker, boolean down) {
        outage(worker).addAndGet(down ? 1 : -1);
    }

    private AtomicLong outage(String worker) {
        return outages.computeIfAbsent(worker, w -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("gateway_worker_database_outage", value, AtomicLong::get)
                    .description("Worker instances paused because PostgreSQL is unreachable")
                    .tag("worker", w)
                    .register(registry);
            return value;
        });
    }

    /** Records of the partition not yet committed by the worker's group (log end offset minus committed offset). */
    public void consumerLag(String worker, String topic, int partition, long lag) {
        lags.computeIfAbsent(worker + "|" + topic + "|" + partition, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("gateway_worker_consumer_lag", value, AtomicLong::get)
                    .description("Consumer lag of a worker's group per partition")
                    .tags("worker", worker, "topic", topic, "partition", Integer.toString(partition))
                    .register(registry);
            return value;
        }).set(lag);
    }

    /**
     * The notification outbox: notifications not fully delivered yet and the age of the oldest. The gauges exist
     * from the first call on (the dispatcher's start).
     */
    public void notificationBacklog(long pending, long oldestMillis) {
        if (registry.find("gateway_notifications_outbox_pending").gauge() == null) {
            Gauge.builder("gateway_notifications_outbox_pending", outboxPending, AtomicLong::get)
                    .description("Notifications in the outbox not yet fully delivered")
                    .register(registry);
            Gauge.builder("gateway_notifications_outbox_oldest", outboxOldestMillis, v -> v.get() / 1000.0)
                    .description("Age of the oldest notification not yet fully delivered")
                    .baseUnit("seconds")
                    .register(registry);
        }
        outboxPending.set(pending);
        outboxOldestMillis.set(oldestMillis);
    }

    /** Requests admitted by ingress and not yet answered, read from {@code inFlight} at each scrape. */
    public void ingressInFlight(IntSupplier inFlight) {
        Gauge.builder("gateway_ingress_in_flight_requests", inFlight, IntSupplier::getAsInt)
                .description("Ingress requests admitted and not yet answered (ingress.maxInFlight caps them)")
                .strongReference(true) // a method reference nobody else holds: a weak one would read NaN after a GC
                .register(registry);
    }

    /**
     * The byte budget: body bytes held by the requests in flight (reserved from {@code Content-Length} at admission),
     * read from {@code bytes} at each scrape, and the budget itself ({@code ingress.maxInFlightBytes}), past which
     * a request gets 503 OVERLOADED.
     */
    public void ingressInFlightBytes(LongSupplier bytes, long budget) {
        Gauge.builder("gateway_ingress_in_flight", bytes, LongSupplier::getAsLong)
                .description("Body bytes of the ingress requests admitted and not yet answered")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        Gauge.builder("gateway_ingress_in_flight_budget", () -> budget)
                .description("The byte budget of ingress requests in flight (ingress.maxInFlightBytes)")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    /**
     * The Kafka client's own metrics ({@code kafka_producer_*}: record errors and retries, buffer, request latency)
     * for a producer, tagged {@code client} (which part of the gateway sends through it) besides the client id.
     * Close the result when the producer is closed.
     */
    public AutoCloseable kafkaClient(Producer<?, ?> producer, String client) {
        KafkaClientMetrics binder = new KafkaClientMetrics(producer, Tags.of("client", client));
        binder.bindTo(registry);
        return binder;
    }

    /**
     * The Kafka client's own metrics ({@code kafka_consumer_*}: fetch lag {@code records-lag-max}, fetch rates,
     * commit latency) for a consumer. Close the result when the consumer is closed.
     */
    public AutoCloseable kafkaClient(Consumer<?, ?> consumer, String client) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer, Tags.of("client", client));
        binder.bindTo(registry);
        return binder;
    }

    /**
     * Registers a worker's outcome counters at zero, so that they exist before the first retry or dead letter: an
     * alert on their increase then sees the first one too.
     */
    public void workerStarted(String worker) {
        processed(worker);
        List.of("record", "outage").forEach(reason -> retried(worker, reason));
        List.of("poison", "exhausted").forEach(reason -> deadLettered(worker, reason));
        freshness(worker);
        outage(worker);
    }

    private Counter processed(String worker) {
        return Counter.builder("gateway_worker_records_processed")
                .description("Records a worker applied to PostgreSQL")
                .tag("worker", worker)
                .register(registry);
    }

    private Counter retried(String worker, String reason) {
        return Counter.builder("gateway_worker_records_retried")
                .description("Failed record writes retried after a back-off")
                .tags("worker", worker, "reason", reason)
                .register(registry);
    }

    private Counter deadLettered(String worker, String reason) {
        return Counter.builder("gateway_worker_records_dead_lettered")
                .description("Records sent to the worker's dead-letter topic")
                .tags("worker", worker, "reason", reason)
                .register(registry);
    }

    private Timer freshness(String worker) {
        return freshness.computeIfAbsent(worker, w -> Timer.builder("gateway_worker_freshness")
                .description("Time from the gateway receiving an event to a worker committing its row")
                .tag("worker", w)
                .serviceLevelObjectives(FRESHNESS_BUCKETS)
                .register(registry));
    }

    /** One notification delivery: {@code channel} kafka or http; {@code outcome} delivered, retried or failed. */
    public void notificationDelivery(String channel, String outcome) {
        Counter.builder("gateway_notifications")
                .description("Template-ops notification deliveries by channel and outcome")
                .tags("channel", channel, "outcome", outcome)
                .register(registry).increment();
    }
}
