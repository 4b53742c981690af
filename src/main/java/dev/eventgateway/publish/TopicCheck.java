package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the existing topics meet the configuration: records as large as the gateway writes
 * ({@code max.message.bytes}), at least the configured replicas, and at least the configured
 * {@code min.insync.replicas}. The gateway never changes an existing topic (they may be managed elsewhere, e.g. by
 * Strimzi's KafkaTopic); it names every shortfall at once, with the command that fixes it.
 */
final class TopicCheck {

    /** What an existing topic has: its smallest replica count over the partitions, and two of its settings. */
    record Existing(String name, int replicationFactor, long maxMessageBytes, int minInsyncReplicas) {
    }

    private TopicCheck() {
    }

    /** @throws IllegalStateException naming each topic that falls short and how to fix it */
    static void require(KafkaConfig kafka, List<Existing> topics) {
        List<Existing> sorted = topics.stream().sorted(Comparator.comparing(Existing::name)).toList();
        List<String> problems = new ArrayList<>();
        String alter = "kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers()
                + " --alter --entity-type topics --entity-name <topic> --add-config ";

        int needed = kafka.topicMaxMessageBytes();
        List<String> tooSmall = sorted.stream().filter(t -> t.maxMessageBytes() < needed)
                .map(t -> t.name() + " (max.message.bytes " + t.maxMessageBytes() + ")").toList();
        if (!tooSmall.isEmpty()) {
            problems.add("Kafka topics take smaller records than the gateway writes: " + String.join(", ", tooSmall)
                    + ". Every topic needs max.message.bytes >= " + needed + " for the largest record that "
                    + "ingress.maxBodyBytes admits (" + kafka.maxRecordBytes() + " bytes): raise it (" + alter
                    + "max.message.bytes=" + needed + ") or lower ingress.maxBodyBytes");
        }

        List<String> fewReplicas = sorted.stream().filter(t -> t.replicationFactor() < kafka.replicationFactor())
                .map(t -> t.name() + " (replication factor " + t.replicationFactor() + ")").toList();
        if (!fewReplicas.isEmpty()) {
            problems.add("Kafka topics have fewer replicas than kafka.replicationFactor (" + kafka.replicationFactor()
                    + "): " + String.join(", ", fewReplicas) + ". Add replicas with a reassignment that lists "
                    + kafka.replicationFactor() + " brokers for every partition (kafka-reassign-partitions.sh "
                    + "--bootstrap-server " + kafka.bootstrapServers() + " --reassignment-json-file <file> --execute)"
                    + " or lower kafka.replicationFactor");
        }

        int minIsr = kafka.minInsyncReplicas();
        List<String> fewInSync = sorted.stream().filter(t -> t.minInsyncReplicas() < minIsr)
                .map(t -> t.name() + " (min.insync.replicas " + t.minInsyncReplicas() + ")").toList();
        if (!fewInSync.isEmpty()) {
            problems.add("Kafka topics acknowledge writes on fewer copies than kafka.minInsyncReplicas (" + minIsr
                    + "): " + String.join(", ", fewInSync) + ". Raise it (" + alter + "min.insync.replicas="
                    + minIsr + ") or lower kafka.minInsyncReplicas");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join(". ", problems));
        }
    }
}
