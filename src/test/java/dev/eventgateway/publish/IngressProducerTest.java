package dev.eventgateway.publish;

import dev.eventgateway.observability.GatewayMetrics;
import io.micrometer.core.instrument.Meter;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress producer's Kafka client metrics follow the producer: bound for the first one, moved to its replacement
 * when a fatal error retires it, unbound on close.
 */
class IngressProducerTest {

    private final GatewayMetrics metrics = GatewayMetrics.create();
    private final AtomicInteger ids = new AtomicInteger();

    /** A mock producer with one client metric of its own, as a real producer has hundreds. */
    private Producer<String, byte[]> newProducer() {
        String clientId = "producer-" + ids.incrementAndGet();
        MetricName name = new MetricName("record-error-total", "producer-metrics", "", Map.of("client-id", clientId));
        Metric metric = new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return 0.0;
            }
        };
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Map<MetricName, Metric> metrics() {
                return Map.of(name, metric);
            }
        };
    }

    private Set<String> clientIds() {
        return metrics.registry().getMeters().stream()
                .filter(m -> m.getId().getName().equals("kafka.producer.record.error.total"))
                .map(Meter::getId)
                .filter(id -> "ingress".equals(id.getTag("client")))
                .map(id -> id.getTag("client.id"))
                .collect(Collectors.toSet());
    }

    @Test
    void theClientMetricsFollowTheProducerThroughARetirementAndAreUnboundOnClose() {
        IngressProducer producers = new IngressProducer(this::newProducer,
                producer -> metrics.kafkaClient(producer, "ingress"));
        assertThat(clientIds()).containsExactly("producer-1");

        producers.retire(producers.producer(), new KafkaException("fenced"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(clientIds()).containsExactly("producer-2"));

        producers.close();
        assertThat(clientIds()).isEmpty();
        assertThat(List.copyOf(metrics.registry().getMeters())).noneMatch(m -> "ingress".equals(m.getId().getTag("client")));
    }
}
