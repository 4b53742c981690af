package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.event.EventCategory;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One signed Meta request, traced end to end in the gateway's own process (an SDK with an in-memory exporter): the
 * ingress server span continues the provider's trace, every Kafka record has a producer span under it, and each
 * worker's write of a record is a consumer span under that record's producer span.
 */
@GatewayIT
class TracingIT {

    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("eg.event.id");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> WORKER = AttributeKey.stringKey("eg.worker");

    @Test
    void oneMetaRequestIsOneTraceFromThePostThroughKafkaToTheRows(GatewayStack stack) throws Exception {
        String name = "it-trace-" + UUID.randomUUID().toString().substring(0, 8);
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        Map<String, String> env = new HashMap<>(Map.of(
                "GATEWAY_KAFKA_TOPIC_PREFIX", name + ".",
                "GATEWAY_WORKERS_CONSUMER_GROUP_PREFIX", name + "-"));
        String unique = name.substring(name.length() - 8);
        // Meta's batch: two inbound messages, two statuses, a template update; every id made this test's own
        byte[] body = Fixtures.text("meta/batch.json").replace("wamid.", "wamid." + unique)
                .replace("batch_tpl", "batch_tpl_" + unique).getBytes(StandardCharsets.UTF_8);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String providerSpanId = traceId.substring(0, 16);

        try (Gateway gateway = Gateway.start(GatewayStack.config(stack.servers(), env), Tracing.of(sdk, sdk))) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.httpPort() + "/webhooks/" + Fixtures.uid("meta")))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + providerSpanId + "-01")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            Fixtures.headers(Fixtures.meta(), body).forEach(h -> {
                if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                    request.header(h.getKey(), h.getValue());
                }
            });
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> eventIds = new JsonObject(response.body()).getJsonArray("eventIds").stream()
                    .map(String::valueOf).toList();
            assertThat(eventIds).hasSizeGreaterThanOrEqualTo(5);

            Topics topics = new Topics(name + ".");
            Set<String> workerTopics = Set.of(topics.of(EventCategory.INBOUND_MESSAGE),
                    topics.of(EventCategory.MESSAGE_STATUS), topics.of(EventCategory.TEMPLATE));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<SpanData> trace = exported.getFinishedSpanItems().stream()
                        .filter(s -> s.getTraceId().equals(traceId)).toList();
                SpanData ingress = only(trace, SpanKind.SERVER);
                assertThat(ingress.getParentSpanId()).isEqualTo(providerSpanId);
                assertThat(ingress.getAttributes().get(AttributeKey.stringKey("eg.outcome"))).isEqualTo("accepted");
                assertThat(ingress.getAttributes().get(AttributeKey.longKey("eg.events"))).isEqualTo(eventIds.size());

                List<SpanData> produced = of(trace, SpanKind.PRODUCER);
                assertThat(produced).hasSize(eventIds.size() + 1) // the raw request and every event
                        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(ingress.getSpanId()));
                assertThat(produced.stream().map(s -> s.getAttributes().get(EVENT_ID)).filter(id -> id != null))
                        .containsExactlyInAnyOrderElementsOf(eventIds);

                Map<String, SpanData> producerOf = produced.stream().filter(s -> s.getAttributes().get(EVENT_ID) != null)
                        .collect(Collectors.toMap(s -> s.getAttributes().get(EVENT_ID), s -> s));
                List<SpanData> toWorkers = produced.stream()
                        .filter(s -> workerTopics.contains(s.getAttributes().get(DESTINATION))).toList();
                List<SpanData> written = of(trace, SpanKind.CONSUMER);
                assertThat(written).hasSameSizeAs(toWorkers);
                assertThat(written).allSatisfy(s -> assertThat(s.getParentSpanId())
                        .isEqualTo(producerOf.get(s.getAttributes().get(EVENT_ID)).getSpanId()));
                assertThat(written.stream().map(s -> s.getAttributes().get(WORKER)).distinct())
                        .containsExactlyInAnyOrder("crm", "timeline", "template-ops");
            });
        }
        // the spans are of real rows
        assertThat(stack.db().count("SELECT count(*) FROM messages WHERE message_id LIKE ?",
                "wamid." + unique + "%")).isEqualTo(2);
    }

    private static List<SpanData> of(List<SpanData> spans, SpanKind kind) {
        return spans.stream().filter(s -> s.getKind() == kind).toList();
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> found = of(spans, kind);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
