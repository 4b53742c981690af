package dev.eventgateway.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the committer hands to the consumer is exactly where the group resumes after a crash: only records marked
 * done, each partition at its last done offset + 1, one commit in flight at a time. The consumer is a stand-in that
 * records each commit and lets the test decide when and how it completes; futures complete on the calling thread,
 * as they do on the worker's context.
 */
class OffsetCommitterTest {

    private static final String TOPIC = "wa.messages.status";

    private final List<Map<TopicPartition, Long>> commits = new ArrayList<>();
    private final List<Promise<Map<TopicPartition, OffsetAndMetadata>>> inFlight = new ArrayList<>();
    private final OffsetCommitter committer = new OffsetCommitter(recordingConsumer(), "timeline");

    @Test
    void commitsTheOffsetAfterEachPartitionsLastDoneRecord() {
        committer.markDone(List.of(record(0, 0), record(0, 1), record(0, 2), record(3, 7)));
        acknowledgeAll();

        assertThat(commits).containsExactly(Map.of(partition(0), 3L, partition(3), 8L));
    }

    @Test
    void aRecordNotMarkedDoneIsNotCommitted() {
        committer.markDone(record(0, 0));
        acknowledgeAll();
        committer.markDone(record(0, 1));
        acknowledgeAll();
        // offset 2 of partition 0 and everything of partition 1 were fetched but never written

        assertThat(commits).containsExactly(Map.of(partition(0), 1L), Map.of(partition(0), 2L));
    }

    @Test
    void recordsDoneWhileACommitIsInFlightGoIntoOneNextCommit() {
        committer.markDone(record(0, 0));
        committer.markDone(record(0, 1));
        committer.markDone(record(1, 0));
        committer.markDone(record(0, 2));
        assertThat(commits).as("one commit in flight at a time").hasSize(1);

        acknowledgeAll();

        assertThat(commits).containsExactly(
                Map.of(partition(0), 1L),
                Map.of(partition(0), 3L, partition(1), 1L));
    }

    @Test
    void drainCompletesOnlyOnceEveryMarkedOffsetWasCommitted() {
        committer.markDone(record(0, 0));
        committer.markDone(record(0, 1));
        Future<Void> drained = committer.drain();

        inFlight.remove(0).complete(Map.of());
        assertThat(drained.isComplete()).as("offset 1 is not committed yet").isFalse();

        acknowledgeAll();
        assertThat(drained.succeeded()).isTrue();
    }

    @Test
    void aFailedCommitIsNotRetriedAndDoesNotStopLaterCommits() {
        committer.markDone(record(0, 4));
        Future<Void> drained = committer.drain();
        inFlight.remove(0).fail(new RebalanceInProgressException("partitions are being reassigned"));
        assertThat(drained.succeeded()).as("drain never fails").isTrue();
        assertThat(inFlight).as("not retried").isEmpty();

        committer.markDone(record(0, 5));
        acknowledgeAll();

        assertThat(commits).containsExactly(Map.of(partition(0), 5L), Map.of(partition(0), 6L));
    }

    @Test
    void drainWithNothingMarkedCompletesAtOnce() {
        assertThat(committer.drain().succeeded()).isTrue();
        assertThat(commits).isEmpty();
    }

    private void acknowledgeAll() {
        while (!inFlight.isEmpty()) {
            inFlight.remove(0).complete(Map.of());
        }
    }

    private static TopicPartition partition(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    private static KafkaConsumerRecord<String, String> record(int partition, long offset) {
        return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(TOPIC, partition, offset, "k", "v"));
    }

    /** A consumer whose only used method, commit(offsets), records the offsets and returns a pending future. */
    @SuppressWarnings("unchecked")
    private KafkaConsumer<String, String> recordingConsumer() {
        return (KafkaConsumer<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{KafkaConsumer.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("commit") || args == null || args.length != 1) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    ((Map<TopicPartition, OffsetAndMetadata>) args[0])
                            .forEach((tp, offset) -> offsets.put(tp, offset.getOffset()));
                    commits.add(Map.copyOf(offsets));
                    Promise<Map<TopicPartition, OffsetAndMetadata>> promise = Promise.promise();
                    inFlight.add(promise);
                    return promise.future();
                });
    }
}
