package dev.eventgateway.publish;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingress guarantee at its source: a request's future succeeds only once Kafka acknowledged its raw record and
 * every event record; a fatal producer error replaces the producer once. Over kafka-clients' {@link MockProducer},
 * whose sends the test acknowledges or fails one by one.
 */
class KafkaEventPublisherTest {

    private static final Instant RECEIVED = Instant.parse("2026-06-05T10:30:00Z");

    private final Vertx vertx = Vertx.vertx();
    private final List<MockProducer<String, byte[]>> created = new CopyOnWriteArrayList<>();
    private final IngressProducer producers = new IngressProducer(() -> {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        created.add(producer);
        return producer;
    });
    private final Context context = vertx.getOrCreateContext();
    private final KafkaEventPublisher publisher =
            new KafkaEventPublisher(context, producers, new TopicRouter(new Topics("wa.")), Tracing.off());
    private final Webhook webhook = Webhook.builder("wh_1", "whats91").senderId("916268662275").build();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void succeedsOnceTheRawRecordAndEveryEventAreAcknowledged() throws Exception {
        Future<Void> published = publisher.publish(batch(event("evt_1", "wamid.1"), event("evt_2", "wamid.2")));
        MockProducer<String, byte[]> producer = created.get(0);

        assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("wa.raw", "wh_1"),
                org.assertj.core.groups.Tuple.tuple("wa.messages.inbound", "916268662275:919888888888"),
                org.assertj.core.groups.Tuple.tuple("wa.messages.inbound", "916268662275:919888888888"));
        assertThat(new String(producer.history().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{}");

        producer.completeNext();
        producer.completeNext();
        afterTasksQueuedOnTheContext();
        assertThat(published.isComplete()).as("one event record not yet acknowledged").isFalse();
        producer.completeNext();

        await(published);
        assertThat(published.succeeded()).isTrue();
    }

    @Test
    void oneFailedRecordFailsTheWholeRequest() {
        Future<Void> published = publisher.publish(batch(event("evt_1", "wamid.1"), event("evt_2", "wamid.2")));
        MockProducer<String, byte[]> producer = created.get(0);
        producer.completeNext();
        producer.errorNext(new NotLeaderOrFollowerException("leader moved"));
        producer.completeNext();

        assertThatThrownBy(() -> await(published)).hasCauseInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(created).as("a transient error keeps the producer").hasSize(1);
    }

    @Test
    void aFatalErrorReplacesTheProducerOnceAndTheNextRequestUsesTheNewOne() throws Exception {
        Future<Void> first = publisher.publish(batch(event("evt_1", "wamid.1")));
        Future<Void> second = publisher.publish(batch(event("evt_2", "wamid.2")));
        MockProducer<String, byte[]> fenced = created.get(0);
        while (fenced.errorNext(new ProducerFencedException("another producer with this transactional id"))) {
            // every pending record of both requests fails the same way
        }

        assertThatThrownBy(() -> await(first)).hasCauseInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> await(second)).hasCauseInstanceOf(ProducerFencedException.class);
        assertThat(created).as("replaced once for both failed requests").hasSize(2);

        Future<Void> third = publisher.publish(batch(event("evt_3", "wamid.3")));
        MockProducer<String, byte[]> replacement = created.get(1);
        assertThat(replacement.history()).hasSize(2);
        assertThat(fenced.history()).hasSize(4);
        while (replacement.completeNext()) {
            // acknowledge the raw record and the event
        }
        await(third);
        assertThat(third.succeeded()).isTrue();
    }

    @Test
    void aSendRefusedAtOnceFailsTheRequestWithoutWaiting() {
        created.get(0).sendException = new KafkaException("buffer full");

        Future<Void> published = publisher.publish(batch(event("evt_1", "wamid.1")));

        assertThat(published.failed()).isTrue();
        assertThat(published.cause()).hasMessage("buffer full");
        assertThat(created).hasSize(1);
    }

    /** A completion hops onto the context; once a task queued after it ran, it would have happened. */
    private void afterTasksQueuedOnTheContext() throws Exception {
        java.util.concurrent.CompletableFuture<Void> ran = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> ran.complete(null));
        ran.get(10, TimeUnit.SECONDS);
    }

    private static void await(Future<Void> future) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private IngressBatch batch(WebhookEvent... events) {
        return new IngressBatch(webhook, "req-1", RECEIVED, "{}".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of(), null, List.of(events), null);
    }

    private static WebhookEvent event(String id, String messageId) {
        ObjectNode data = JsonNodeFactory.instance.objectNode()
                .put("from", "919888888888").put("messageId", messageId).put("text", "hello");
        return new WebhookEvent(id, "message.inbound.text", "whats91", "wh_1", "916268662275", null, RECEIVED,
                RECEIVED, data, null);
    }
}
