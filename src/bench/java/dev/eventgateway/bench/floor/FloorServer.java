package dev.eventgateway.bench.floor;

import dev.eventgateway.config.IngressConfig;
import dev.eventgateway.config.KafkaConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The floor: the cheapest correct webhook pipeline, the yardstick the gateway is measured against. Vert.x HTTP,
 * HMAC-SHA256 of the raw body, one JSON parse, one {@code acks=all} idempotent produce with the gateway's own
 * producer settings ({@link KafkaConfig#producerProperties()}), 200 on the ack. Tuned to be fast: keyed Macs reused,
 * kafka-clients' {@code send} called straight from the event loop (it does not block once the topic's metadata is
 * known, which start-up fetches), a streaming parse, one record per request.
 * <p>
 * Run as {@code java -cp <bench classpath> dev.eventgateway.bench.floor.FloorServer} with the settings of
 * {@link FloorSettings} in the environment. Prints {@code floor listening [port: N]} when it serves; stops on
 * SIGTERM.
 */
public final class FloorServer {

    private FloorServer() {
    }

    public static void main(String[] args) {
        FloorSettings settings = FloorSettings.fromEnvironment(System.getenv());
        KafkaConfig kafka = new KafkaConfig(settings.bootstrapServers(), "", 6, (short) 1, settings.producer(),
                Map.of(), IngressConfig.maxRecordBytes((int) settings.maxBodyBytes()));
        Map<String, Object> props = new HashMap<>(kafka.producerProperties());
        props.put("client.id", "floor");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        // fetch the topic's metadata now, so that no send on an event loop ever waits for it
        awaitMetadata(producer, settings.topic());
        if (settings.secondTopic() != null) {
            awaitMetadata(producer, settings.secondTopic());
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops()));
        vertx.deployVerticle(() -> new FloorVerticle(settings, producer),
                new DeploymentOptions().setInstances(settings.eventLoops())).await();
        System.out.println("floor listening [port: " + settings.port() + ", eventLoops: " + settings.eventLoops()
                + ", keyByWebhook: " + settings.keyByWebhook() + ", producer: " + new TreeMap<>(props)
                + "]");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().await();
            producer.close(Duration.ofSeconds(5));
        }, "floor-shutdown"));
    }

    /**
     * Each {@code partitionsFor} waits up to {@code max.block.ms} (2 s); a broker on a machine busy with other builds
     * can take longer for a topic created a moment ago, so it is asked again for up to 30 s.
     */
    private static void awaitMetadata(KafkaProducer<byte[], byte[]> producer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
