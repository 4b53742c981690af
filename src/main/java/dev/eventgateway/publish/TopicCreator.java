package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of DESIGN §4 that are missing, with the configured partitions and replication factor and a
 * {@code max.message.bytes} that takes the largest record the gateway writes ({@link KafkaConfig#topicMaxMessageBytes}),
 * and returns once every partition of them has a leader. Existing topics are not changed, only checked: one whose
 * {@code max.message.bytes} is smaller stops the start with an error naming it, since a request the body limit admits
 * would otherwise be refused by Kafka. Blocking: runs in start-up, before any traffic.
 * <p>
 * Why wait for leaders: a produce to a partition its broker has not finished loading is answered
 * NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying through that has been seen here to end in an
 * out-of-order-sequence loop on a loaded machine. Serving only once the topics are writable avoids the race.
 */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /**
     * @throws IllegalStateException when Kafka does not answer within the timeout, or an existing topic takes smaller
     *                               records than the gateway writes
     */
    public static void ensure(KafkaConfig kafka, long timeoutSeconds) {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka.adminProperties()))) {
            Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
            List<String> ours = new Topics(kafka).all();
            checkRecordSize(admin, kafka, ours.stream().filter(existing::contains).toList(), timeoutSeconds);
            Map<String, String> configs = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(kafka.topicMaxMessageBytes()));
            List<NewTopic> missing = ours.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, kafka.partitions(), kafka.replicationFactor()).configs(configs))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeoutSeconds, TimeUnit.SECONDS);
                    LOG.info("topic created [topic: {}, partitions: {}, replicationFactor: {}]", entry.getKey(),
                            kafka.partitions(), kafka.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another gateway creating it at the same time is fine; anything else is not
                    }
                }
            }
            awaitWritable(admin, missing.stream().map(NewTopic::name).toList(), timeoutSeconds);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Kafka topics at " + kafka.bootstrapServers() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }

    /** Every existing topic must take the largest record: named all at once, with the command that fixes each. */
    private static void checkRecordSize(Admin admin, KafkaConfig kafka, List<String> topics, long timeoutSeconds)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        int needed = kafka.topicMaxMessageBytes();
        List<String> tooSmall = new ArrayList<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            long actual = entry == null || entry.value() == null ? 0 : Long.parseLong(entry.value());
            if (actual < needed) {
                tooSmall.add(resource.name() + " (max.message.bytes " + actual + ")");
            }
        });
        if (!tooSmall.isEmpty()) {
            tooSmall.sort(null);
            throw new IllegalStateException("Kafka topics take smaller records than the gateway writes: "
                    + String.join(", ", tooSmall) + ". Every topic needs max.message.bytes >= " + needed
                    + " for the largest record that ingress.maxBodyBytes admits (" + kafka.maxRecordBytes()
                    + " bytes): raise it (kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers()
                    + " --alter --entity-type topics --entity-name <topic> --add-config max.message.bytes=" + needed
                    + ") or lower ingress.maxBodyBytes");
        }
    }

    private static void awaitWritable(Admin admin, List<String> topics, long timeoutSeconds)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(timeoutSeconds, TimeUnit.SECONDS).values()
                        .forEach(t -> t.partitions().forEach(p ->
                                latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
                // answered by each partition's leader itself: it succeeds only once the leader serves the partition
                admin.listOffsets(latest).all().get(timeoutSeconds, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                // leader not elected or not hosting the partition yet: the window this wait exists for
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100); // start-up only, before any verticle runs
        }
    }
}
