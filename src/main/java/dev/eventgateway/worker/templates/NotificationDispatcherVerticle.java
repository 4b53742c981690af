package dev.eventgateway.worker.templates;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.config.PgConfig;
import dev.eventgateway.config.WorkersConfig;
import dev.eventgateway.event.EventSchemas;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.storage.PgPools;
import dev.eventgateway.storage.templates.NotificationOutbox;
import dev.eventgateway.storage.templates.OutboxRow;
import dev.eventgateway.worker.Backoff;
import dev.eventgateway.worker.WorkerVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers the notification outbox: publishes each notification on {@code wa.notifications} (key: senderId) and, when
 * {@code notifications.slackUrl} is set, POSTs {@code {"text": …}} to it, retrying failed POSTs with exponential
 * back-off up to {@code notifications.maxAttempts}; each row records its attempts and last error. Runs every
 * {@code notifications.pollInterval} and whenever the template-ops worker committed a new notification.
 * <p>
 * Because the outbox is in PostgreSQL, pending notifications survive a restart and are delivered by whichever
 * gateway process claims them (see {@link NotificationOutbox}). Kafka publication is at-least-once: a crash between
 * the broker's acknowledgement and marking the row published republishes it, with the same {@code id}. A dispatcher
 * without a URL publishes only, and leaves pending POSTs to a process that has one.
 * <p>
 * One instance per process; not thread-safe; runs on its event loop. Never logs the URL (a credential).
 */
public final class NotificationDispatcherVerticle extends VerticleBase {

    /** Event-bus address (local) that wakes the dispatcher. */
    public static final String WAKE_ADDRESS = "eventgateway.notifications.wake";

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcherVerticle.class);
    private static final long BACKLOG_INTERVAL_MS = 10_000;
    private static final int BATCH = 50;

    private final KafkaConfig kafka;
    private final PgConfig postgres;
    private final String topic;
    private final Secret url;
    private final WorkersConfig.NotificationDelivery delivery;
    private final Backoff backoff;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final NotificationOutbox outbox = new NotificationOutbox();
    private final Duration lease;

    private Pool pool;
    private KafkaProducer<Buffer, Buffer> producer;
    private WebClient http;
    private MessageConsumer<Object> wakeups;
    private long timer = -1;
    private long backlogTimer = -1;
    private Future<Void> current = Future.succeededFuture();
    private boolean busy;
    /** The last pass failed: further failures are not logged again until one succeeds. */
    private boolean failing;
    private boolean again;
    private boolean stopped;

    /**
     * @param topic the notifications topic ({@code Topics.notifications()})
     * @param url   the Slack-compatible incoming-webhook URL, or null for Kafka only
     */
    public NotificationDispatcherVerticle(KafkaConfig kafka, PgConfig postgres, String topic, Secret url,
                                          WorkersConfig.NotificationDelivery delivery, GatewayMetrics metrics,
                                          Clock clock) {
        this.clock = clock;
        this.kafka = kafka;
        this.postgres = postgres;
        this.topic = topic;
        this.url = url;
        this.delivery = delivery;
        this.backoff = new Backoff(delivery.retryBackoff(), delivery.maxRetryBackoff());
        this.metrics = metrics;
        // long enough for a POST and a publish; a dispatcher that died mid-row frees it after this
        this.lease = delivery.timeout().multipliedBy(2).plusSeconds(30);
    }

    @Override
    public Future<?> start() {
        pool = PgPools.shared(vertx, postgres, WorkerVerticle.SHARED_NAME);
        producer = KafkaProducer.createShared(vertx, WorkerVerticle.SHARED_NAME, kafka.producerProperties(),
                Buffer.class, Buffer.class);
        if (url != null) {
            http = WebClient.create(vertx, new WebClientOptions()
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, delivery.timeout().toMillis()))
                    .setUserAgent("event-gateway"));
        }
        wakeups = vertx.eventBus().localConsumer(WAKE_ADDRESS, message -> wake());
        timer = vertx.setPeriodic(delivery.pollInterval().toMillis(), id -> wake());
        // the backlog for /metrics (an outbox that only grows is a stuck delivery); its own, slower timer
        metrics.notificationBacklog(0, 0);
        backlogTimer = vertx.setPeriodic(BACKLOG_INTERVAL_MS, id -> outbox.backlog(pool).onSuccess(
                backlog -> metrics.notificationBacklog(backlog[0], backlog[1])));
        wake();
        LOG.info("notification dispatcher started [topic: {}, http: {}]", topic, url != null);
        return Future.succeededFuture();
    }

    /** Starts a pass, or asks for one more when a pass is running (so a wake-up is never lost). */
    private void wake() {
        if (stopped) {
            return;
        }
        if (busy) {
            again = true;
            return;
        }
        busy = true;
        again = false;
        Future<Integer> pass = pass();
        current = pass.<Void>mapEmpty().otherwiseEmpty();
        pass.onComplete(done -> {
            busy = false;
            if (done.failed() && !failing) {
                LOG.warn("notification outbox unreachable; passes retry every {} ms [cause: {}]",
                        delivery.pollInterval().toMillis(), done.cause().toString());
            } else if (done.succeeded() && failing) {
                LOG.info("notification outbox reachable again");
            }
            failing = done.failed();
            if (again || done.succeeded() && done.result() == BATCH) {
                wake();
            }
        });
    }

    private Future<Integer> pass() {
        return outbox.claim(pool, BATCH, lease, http != null).compose(this::deliverAll);
    }

    /**
     * One claim's rows: every row not yet on the topic is sent at once (the producer batches them; sent in outbox
     * order, so each sender's notifications keep their order on its partition) and the sent ones are marked published
     * in one statement; then the POSTs that are due, one after another; then every claim ends in one statement. Each
     * channel on its own, so Kafka being away does not hold back the POSTs or the other way round. Never fails: what
     * failed is retried by a later pass.
     */
    private Future<Integer> deliverAll(List<OutboxRow> rows) {
        List<OutboxRow> unpublished = rows.stream().filter(row -> !row.published()).toList();
        List<Future<Long>> sends = unpublished.stream().map(this::publish).toList();
        Future<Void> published = Future.join(sends).transform(done -> {
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                if (sends.get(i).succeeded()) {
                    sent.add(sends.get(i).result());
                } else {
                    LOG.warn("notification not published yet; next pass retries [notificationId: {}, cause: {}]",
                            notificationId(unpublished.get(i)), sends.get(i).cause().toString());
                }
            }
            return outbox.markPublished(pool, sent)
                    .onSuccess(v -> sent.forEach(id -> metrics.notificationDelivery("kafka", "delivered")));
        }).otherwise(err -> {
            LOG.warn("notifications' publication not recorded; next pass retries [notifications: {}, cause: {}]",
                    unpublished.size(), err.toString());
            return null;
        });
        Future<Void> posts = published;
        if (http != null) {
            for (OutboxRow row : rows) {
                if (row.httpDue()) {
                    posts = posts.compose(v -> post(row).otherwise(err -> {
                        LOG.warn("notification outcome not recorded; next pass retries [notificationId: {}, "
                                + "cause: {}]", notificationId(row), err.toString());
                        return null;
                    }));
                }
            }
        }
        return posts
                .eventually(() -> outbox.release(pool, rows.stream().map(OutboxRow::id).toList()))
                .otherwise(err -> {
                    LOG.warn("notification claims not released; they end with their lease [notifications: {}, "
                            + "cause: {}]", rows.size(), err.toString());
                    return null;
                })
                .map(v -> rows.size());
    }

    private static String notificationId(OutboxRow row) {
        return row.payload().getString("id");
    }

    /** Sends the row's notification; the future holds the row's id once the broker acknowledged it. */
    private Future<Long> publish(OutboxRow row) {
        JsonObject payload = row.payload();
        KafkaProducerRecord<Buffer, Buffer> record = KafkaProducerRecord.create(topic,
                Buffer.buffer(row.senderId()), payload.toBuffer());
        record.addHeaders(List.of(
                KafkaHeader.header(EventHeaders.CE_SPECVERSION, "1.0"),
                KafkaHeader.header(EventHeaders.CE_ID, payload.getString("id")),
                KafkaHeader.header(EventHeaders.CE_TYPE, TemplateNotifications.CE_TYPE),
                KafkaHeader.header(EventHeaders.CE_SOURCE, "/workers/" + TemplateOpsProcessor.WORKER),
                KafkaHeader.header(EventHeaders.CE_TIME, payload.getString("createdAt")),
                KafkaHeader.header(EventHeaders.CE_DATASCHEMA, EventSchemas.id(TemplateNotifications.CE_TYPE)),
                KafkaHeader.header(EventHeaders.CONTENT_TYPE, "application/json")));
        return producer.send(record)
                .onFailure(err -> metrics.notificationDelivery("kafka", "retried"))
                .map(sent -> row.id());
    }

    private Future<Void> post(OutboxRow row) {
        int attempt = row.attempts() + 1;
        String id = row.payload().getString("id");
        JsonObject body = new JsonObject().put("text",
                TemplateNotifications.slackText(row.severity(), row.text(), row.senderId()));
        return http.postAbs(url.reveal())
                .timeout(delivery.timeout().toMillis())
                .sendJsonObject(body)
                .transform(done -> {
                    if (done.succeeded() && done.result().statusCode() / 100 == 2) {
                        metrics.notificationDelivery("http", "delivered");
                        LOG.info("notification posted [notificationId: {}, attempt: {}]", id, attempt);
                        return outbox.httpDelivered(pool, row.id(), attempt);
                    }
                    String error = done.failed() ? done.cause().toString() : "HTTP " + done.result().statusCode();
                    Instant next = attempt >= delivery.maxAttempts() ? null
                            : clock.instant().plusMillis(backoff.delayMillis(attempt));
                    metrics.notificationDelivery("http", next == null ? "failed" : "retried");
                    LOG.warn("notification post failed [notificationId: {}, attempt: {}, maxAttempts: {}, error: {}, "
                            + "nextAttemptAt: {}]", id, attempt, delivery.maxAttempts(), error, next);
                    return outbox.httpFailed(pool, row.id(), attempt, error, next);
                });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (backlogTimer >= 0) {
            vertx.cancelTimer(backlogTimer);
        }
        return current
                .eventually(() -> wakeups.unregister())
                .eventually(() -> {
                    if (http != null) {
                        http.close();
                    }
                    return Future.succeededFuture();
                })
                .eventually(() -> producer.close())
                .eventually(() -> pool.close());
    }
}
