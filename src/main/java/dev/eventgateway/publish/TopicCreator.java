package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
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
 * Creates the topics of DESIGN §4 that are missing, with the configured partitions, replication factor and
 * {@code min.insync.replicas}, and a {@code max.message.bytes} that takes the largest record the gateway writes
 * ({@link KafkaConfig#topicMaxMessageBytes}), and returns once every partition of them has a leader. Existing topics
 * are not changed, only checked ({@link TopicCheck}): one with smaller records, fewer replicas or a lower
 * {@code min.insync.replicas} stops the start with an error naming it and the fix, since a request the body limit
 * admits would otherwise be refused by Kafka, or a 200 would stand on fewer copies than configured. Blocking: runs in
 * start-up, before any traffic.
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
     *                               records, fewer replicas or a lower min.insync.replicas than configured
     */
    public static void ensure(KafkaConfig kafka, long timeoutSeconds) {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka.adminProperties()))) {
            Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
            List<String> ours = new Topics(kafka).all();
            checkExisting(admin, kafka, ours.stream().filter(existing::contains).toList(), timeoutSeconds);
            Map<String, String> configs = Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(kafka.topicMaxMessageBytes()),
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInsyncReplicas()));
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
                    LOG.info("topic created [topic: {}, partitions: {}, replicationFactor: {}, minInsyncReplicas: {}]",
                            entry.getKey(), kafka.partitions(), kafka.replicationFactor(), kafka.minInsyncReplicas());
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

    /** Reads what {@link TopicCheck} needs of the existing topics: replica counts and two settings each. */
    private static void checkExisting(Admin admin, KafkaConfig kafka, List<String> topics, long timeoutSeconds)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        List<TopicCheck.Existing> existing = new ArrayList<>();
        configs.forEach((resource, config) -> existing.add(new TopicCheck.Existing(resource.name(),
                descriptions.get(resource.name()).partitions().stream()
                        .mapToInt(p -> p.replicas().size()).min().orElse(0),
                longValue(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                (int) longValue(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))));
        TopicCheck.require(kafka, existing);
    }

    private static long longValue(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? 0 : Long.parseLong(entry.value());
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
