package dev.eventgateway.worker;

import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsAssignedTest {

    @Test
    void assignedPartitionsAreNamedWithTheirTopicInOrder() {
        assertThat(WorkerVerticle.topicPartitions(Set.of(new TopicPartition("wa.events.status", 0),
                new TopicPartition("wa.events.message", 1), new TopicPartition("wa.events.message", 0))))
                .containsExactly("wa.events.message-0", "wa.events.message-1", "wa.events.status-0");
    }
}
