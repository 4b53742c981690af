package dev.eventgateway.publish;

import dev.eventgateway.config.IngressConfig;
import dev.eventgateway.config.KafkaConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one idempotent, {@code acks=all} Kafka producer every ingress instance of the process sends through.
 * Thread-safe.
 * <p>
 * Its {@code send} is called straight from the event loops, which is safe because it can never wait:
 * {@code max.block.ms} is forced to 0 (a full buffer or unknown metadata fail the send at once, and the request gets
 * 503), and every topic's metadata is fetched at start and kept ({@code metadata.max.idle.ms}), so a quiet topic is
 * never forgotten. This saves the worker-thread hop per record that vertx-kafka-client's producer makes; the
 * benchmark measured that hop as the largest cost ingress had over the floor.
 */
public final class IngressProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngressProducer.class);

    private final Supplier<Producer<String, byte[]>> factory;
    private final Function<Producer<String, byte[]>, AutoCloseable> instrument;
    private volatile Producer<String, byte[]> current;
    /** The current producer's metrics binding, closed with it. */
    private volatile AutoCloseable instrumented;

    /** @param factory creates the producer now and each replacement of one that failed fatally */
    IngressProducer(Supplier<Producer<String, byte[]>> factory) {
        this(factory, producer -> () -> { });
    }

    /** @param instrument binds a new producer's metrics; the binding is closed when that producer is retired */
    IngressProducer(Supplier<Producer<String, byte[]>> factory,
                    Function<Producer<String, byte[]>, AutoCloseable> instrument) {
        this.factory = factory;
        this.instrument = instrument;
        this.current = factory.get();
        this.instrumented = instrument.apply(current);
    }

    /**
     * Creates the producer and loads the metadata of every topic. Blocking: call in start-up.
     * <p>
     * Its buffer holds the records of every request in flight until Kafka acknowledged them: the raw body plus event
     * records of up to twice its size. Unless the user sets {@code buffer.memory}, it is sized to hold that for
     * {@code ingress.maxInFlightBytes} of bodies, so that the byte budget, and not a full buffer, is what refuses
     * requests first.
     *
     * @throws org.apache.kafka.common.KafkaException when Kafka does not answer
     */
    public static IngressProducer start(KafkaConfig kafka, IngressConfig ingress) {
        return start(kafka, ingress, producer -> () -> { });
    }

    /**
     * As {@link #start(KafkaConfig, IngressConfig)}, with {@code instrument} binding each producer's client metrics
     * (the binding is closed when its producer is).
     */
    public static IngressProducer start(KafkaConfig kafka, IngressConfig ingress,
                                        Function<Producer<String, byte[]>, AutoCloseable> instrument) {
        Map<String, Object> properties = new HashMap<>(kafka.producerProperties());
        if (!kafka.producer().containsKey("buffer.memory")) {
            long inFlightRecords = Math.multiplyExact(4, ingress.maxInFlightBytes());
            properties.put("buffer.memory", Long.toString(Math.max(inFlightRecords,
                    Long.parseLong((String) properties.get("buffer.memory")))));
        }
        // the event loop must never wait inside send(): these two are not the user's to override
        properties.put("max.block.ms", "0");
        properties.put("metadata.max.idle.ms", Long.toString(Duration.ofDays(7).toMillis()));
        IngressProducer producer = new IngressProducer(
                () -> new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer()), instrument);
        try {
            new Topics(kafka).all().forEach(topic -> waitForMetadata(producer.current, topic));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /** With max.block.ms 0, partitionsFor asks for the topic's metadata and fails at once until it has arrived. */
    private static void waitForMetadata(Producer<String, byte[]> producer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50); // start-up only: the metadata request is already on its way
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** The producer to send through now. */
    Producer<String, byte[]> producer() {
        return current;
    }

    /**
     * Replaces a producer that failed fatally (see {@link PublishFailures#isFatal}); the old one is closed off the
     * event loop. Safe to call from several threads for the same failure: only the first replaces it.
     */
    void retire(Producer<String, byte[]> failed, Throwable cause) {
        AutoCloseable failedMetrics;
        synchronized (this) {
            if (failed != current) {
                return;
            }
            failedMetrics = instrumented;
            current = factory.get();
            instrumented = instrument.apply(current);
        }
        LOG.error("kafka producer failed fatally; a new one takes over [cause: {}]", cause.toString());
        CompletableFuture.runAsync(() -> {
            closeQuietly(failedMetrics);
            failed.close(Duration.ofSeconds(5));
        });
    }

    /** Sends what is buffered and closes. Blocking: call from the shutdown thread, after the HTTP servers stopped. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void close(Duration timeout) {
        closeQuietly(instrumented);
        current.close(timeout);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("kafka producer metrics not unbound [cause: {}]", e.toString());
        }
    }
}
