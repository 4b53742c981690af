package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicCheckTest {

    private static final KafkaConfig CLUSTER = new KafkaConfig("k1:9092", "wa.", 6, (short) 3, Map.of(), Map.of(),
            1024 * 1024);
    private static final long ENOUGH_BYTES = CLUSTER.topicMaxMessageBytes();

    @Test
    void threeReplicasDefaultToTwoInSyncAndFewerToOne() {
        assertThat(CLUSTER.minInsyncReplicas()).isEqualTo(2);
        assertThat(KafkaConfig.defaultMinInsyncReplicas(2)).isEqualTo(1);
        assertThat(KafkaConfig.defaultMinInsyncReplicas(1)).isEqualTo(1);
        assertThat(KafkaConfig.defaultMinInsyncReplicas(5)).isEqualTo(2);
    }

    @Test
    void aTopicThatMeetsTheConfigurationPasses() {
        assertThatCode(() -> TopicCheck.require(CLUSTER,
                List.of(new TopicCheck.Existing("wa.raw", 3, ENOUGH_BYTES, 2),
                        new TopicCheck.Existing("wa.statuses", 4, ENOUGH_BYTES + 1, 3))))
                .doesNotThrowAnyException();
    }

    @Test
    void aTopicWithALowerMinInsyncReplicasStopsTheStartWithTheKafkaConfigsFix() {
        assertThatThrownBy(() -> TopicCheck.require(CLUSTER,
                List.of(new TopicCheck.Existing("wa.raw", 3, ENOUGH_BYTES, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wa.raw (min.insync.replicas 1)")
                .hasMessageContaining("kafka-configs.sh --bootstrap-server k1:9092 --alter --entity-type topics "
                        + "--entity-name <topic> --add-config min.insync.replicas=2")
                .hasMessageNotContaining("replication factor");
    }

    @Test
    void aTopicWithFewerReplicasStopsTheStartWithTheReassignmentFix() {
        assertThatThrownBy(() -> TopicCheck.require(CLUSTER,
                List.of(new TopicCheck.Existing("wa.raw", 1, ENOUGH_BYTES, 2))))
                .hasMessageContaining("wa.raw (replication factor 1)")
                .hasMessageContaining("kafka-reassign-partitions.sh --bootstrap-server k1:9092")
                .hasMessageContaining("kafka.replicationFactor (3)");
    }

    @Test
    void everyShortfallOfEveryTopicIsNamedAtOnceInNameOrder() {
        assertThatThrownBy(() -> TopicCheck.require(CLUSTER,
                List.of(new TopicCheck.Existing("wa.statuses", 1, 1000, 1),
                        new TopicCheck.Existing("wa.raw", 3, ENOUGH_BYTES, 1))))
                .hasMessageContaining("wa.statuses (max.message.bytes 1000)")
                .hasMessageContaining("wa.statuses (replication factor 1)")
                .hasMessageContaining("wa.raw (min.insync.replicas 1), wa.statuses (min.insync.replicas 1)");
    }
}
