package dev.eventgateway.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a process spent its CPU, from a JFR recording's execution samples: by thread, by hottest frame (self), by
 * method anywhere on the stack (inclusive), by the innermost gateway frame, and by named kinds of work (HMAC, JSON,
 * Kafka, routing, metrics, logging…) so that gateway and floor can be set side by side.
 */
final class JfrHotFrames {

    /** Kinds of work, recognised by a frame anywhere on the stack (first match wins, in this order). */
    static final Map<String, List<String>> KINDS = kinds();

    private JfrHotFrames() {
    }

    private static Map<String, List<String>> kinds() {
        Map<String, List<String>> k = new LinkedHashMap<>();
        k.put("HMAC-SHA256 of the body", List.of("javax.crypto.Mac.", "com.sun.crypto.provider.HmacCore"));
        k.put("event ids (SHA-256)", List.of("dev.eventgateway.event.EventIds."));
        k.put("JSON parse of the body", List.of("com.fasterxml.jackson.databind.ObjectMapper.readTree",
                "com.fasterxml.jackson.core.JsonParser", "com.fasterxml.jackson.core.json.UTF8StreamJsonParser"));
        k.put("normalization (provider adapters)", List.of("dev.eventgateway.provider."));
        k.put("event JSON serialization", List.of("dev.eventgateway.event.WebhookEvent.toJsonBytes",
                "com.fasterxml.jackson.databind.ObjectMapper.writeValueAsBytes"));
        k.put("Kafka record headers", List.of("dev.eventgateway.publish.EventHeaders."));
        k.put("vertx-kafka-client send (worker hop)", List.of("io.vertx.kafka.client.producer.impl.",
                "io.vertx.kafka.client.common.impl."));
        k.put("kafka-clients send (accumulator, serializers)", List.of(
                "org.apache.kafka.clients.producer.KafkaProducer.send",
                "org.apache.kafka.clients.producer.KafkaProducer.doSend"));
        k.put("kafka-clients network (Sender, compression)", List.of("org.apache.kafka.clients.producer.internals"
                + ".Sender", "org.apache.kafka.common.compress.", "net.jpountz."));
        k.put("metrics (Micrometer)", List.of("io.micrometer.", "io.vertx.micrometer.",
                "dev.eventgateway.observability.GatewayMetrics"));
        k.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        k.put("request ids (UUID)", List.of("java.util.UUID.randomUUID"));
        k.put("vert.x web routing and body handling", List.of("io.vertx.ext.web."));
        k.put("HTTP server (Vert.x core, Netty codec)", List.of("io.vertx.core.http.", "io.netty.handler.codec."));
        k.put("network I/O (Netty, NIO)", List.of("io.netty.", "sun.nio.", "java.nio."));
        return k;
    }

    static String report(String title, Path recording) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> gateway = new HashMap<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Map<String, Long> allocationKinds = new LinkedHashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        long allocated = 0;
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                RecordedStackTrace stack = event.getStackTrace();
                List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
                allocationKinds.merge(kindOf(frames), weight, Long::sum);
                allocationSites.merge(site(frames), weight, Long::sum);
                continue;
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            total++;
            RecordedThread thread = event.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?"
                    : thread.getJavaName().replaceAll("\\d+", "N");
            threads.merge(threadName, 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            String firstGateway = null;
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (seen.add(method)) {
                    inclusive.merge(method, 1, Integer::sum);
                }
                if (firstGateway == null && method.startsWith("dev.eventgateway.")
                        && !method.startsWith("dev.eventgateway.bench.")) {
                    firstGateway = method;
                }
            }
            kinds.merge(kindOf(frames), 1, Integer::sum);
            gateway.merge(firstGateway == null ? "(no gateway frame)" : firstGateway, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append("== ").append(title).append(": ").append(total).append(" execution samples (JFR, ")
                .append(recording.getFileName()).append(")\n");
        table(out, "by thread", threads, total, 12);
        table(out, "by kind of work (a frame anywhere on the stack; first kind that matches)", kinds, total, 20);
        table(out, "hottest frames (self)", self, total, 30);
        table(out, "methods on the stack (inclusive)", inclusive, total, 60);
        table(out, "innermost gateway frame", gateway, total, 30);
        out.append(String.format("%n-- allocation (JFR samples, weighted): %.0f MB in the recording%n",
                allocated / 1e6));
        bytes(out, "by kind of work", allocationKinds, allocated, 20);
        bytes(out, "by innermost gateway (or library) frame", allocationSites, allocated, 30);
        return out.toString();
    }

    private static String kindOf(List<RecordedFrame> frames) {
        for (Map.Entry<String, List<String>> k : KINDS.entrySet()) {
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                for (String prefix : k.getValue()) {
                    if (method.startsWith(prefix)) {
                        return k.getKey();
                    }
                }
            }
        }
        return "other";
    }

    /** The innermost gateway frame, else the top frame. */
    private static String site(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            if (method.startsWith("dev.eventgateway.") && !method.startsWith("dev.eventgateway.bench.")) {
                return method;
            }
        }
        return frames.isEmpty() ? "?" : name(frames.get(0));
    }

    private static void bytes(StringBuilder out, String title, Map<String, Long> counts, long total, int limit) {
        out.append("\n-- allocation ").append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format("%6.1f%%  %8.1f MB  %s%n", 100.0 * e.getValue() / total,
                        e.getValue() / 1e6, e.getKey())));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder out, String title, Map<String, Integer> counts, int total, int limit) {
        out.append("\n-- ").append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format("%6.1f%%  %7d  %s%n", 100.0 * e.getValue() / total,
                        e.getValue(), e.getKey())));
    }
}
