package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of DESIGN §4 that are missing, with the configured partitions and replication factor. Existing
 * topics are left as they are. Blocking: runs in start-up, before any traffic.
 */
public final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /** @throws IllegalStateException when Kafka does not answer within the timeout */
    public static void ensure(KafkaConfig kafka, long timeoutSeconds) {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka.adminProperties()))) {
            Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
            List<NewTopic> missing = new Topics(kafka).all().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, kafka.partitions(), kafka.replicationFactor()))
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
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Kafka topics at " + kafka.bootstrapServers() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }
}
