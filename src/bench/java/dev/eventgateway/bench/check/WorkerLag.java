package dev.eventgateway.bench.check;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The records the workers' consumer groups have not committed yet: for every partition assigned to a member of the
 * group, its end offset minus the group's committed offset (the whole partition when nothing is committed). Used to
 * let the workers catch up between phases, so that a phase never starts with the previous one's backlog.
 */
public final class WorkerLag implements AutoCloseable {

    private final Admin admin;
    private final List<String> groups;

    public WorkerLag(String bootstrap, List<String> groups) {
        this.admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap));
        this.groups = groups;
    }

    /** Records not yet committed, per group; -1 for a group without members (not started, or rebalancing). */
    public Map<String, Long> lag() {
        try {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                    .get(30, TimeUnit.SECONDS);
            Map<String, Long> lags = new HashMap<>();
            for (String group : groups) {
                Set<TopicPartition> assigned = new HashSet<>();
                if (described.get(group).members().isEmpty()) {
                    lags.put(group, -1L);
                    continue;
                }
                for (MemberDescription member : described.get(group).members()) {
                    assigned.addAll(member.assignment().topicPartitions());
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                assigned.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                        : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                long lag = 0;
                for (TopicPartition tp : assigned) {
                    OffsetAndMetadata c = committed.get(tp);
                    lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
                }
                lags.put(group, lag);
            }
            return lags;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("consumer lag not readable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until every group has committed everything (or {@code limit} passed).
     *
     * @return how long it took, or null when the limit passed first
     */
    public Duration awaitCaughtUp(Duration limit) {
        long started = System.nanoTime();
        while (System.nanoTime() - started < limit.toNanos()) {
            if (lag().values().stream().allMatch(l -> l == 0)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return null;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
