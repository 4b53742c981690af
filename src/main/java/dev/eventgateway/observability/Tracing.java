package dev.eventgateway.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's OpenTelemetry tracing, or none (DESIGN §7). One per process, thread-safe, shared by ingress, the
 * publisher and the workers.
 * <p>
 * Off until an OTLP endpoint is configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); then the SDK is built by its autoconfigure module from the standard
 * {@code OTEL_*} variables ({@code OTEL_SERVICE_NAME}, {@code OTEL_TRACES_SAMPLER}, {@code OTEL_TRACES_SAMPLER_ARG},
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL}, {@code OTEL_RESOURCE_ATTRIBUTES}, …). Only traces are exported: metrics stay on
 * {@code /metrics} and logs on stdout, unless {@code OTEL_METRICS_EXPORTER}/{@code OTEL_LOGS_EXPORTER} say otherwise.
 * <p>
 * Callers test {@link #enabled()} (a final field) before building anything: with tracing off the hot path creates no
 * span and allocates nothing for tracing.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final Tracing OFF = new Tracing(null, null);
    /** The instrumentation scope of every span the gateway makes. */
    public static final String SCOPE = "dev.eventgateway";
    /** Where a request's server span is kept in its {@code RoutingContext} (absent when tracing is off). */
    public static final String REQUEST_SPAN = "ingressSpan";

    private final OpenTelemetry openTelemetry;
    private final AutoCloseable owned;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private Tracing(OpenTelemetry openTelemetry, AutoCloseable owned) {
        this.openTelemetry = openTelemetry;
        this.owned = owned;
        this.tracer = openTelemetry == null ? null : openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry == null ? null : openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** No tracing: no span is ever made. */
    public static Tracing off() {
        return OFF;
    }

    /**
     * Tracing as the {@code OTEL_*} variables configure it, off when no OTLP endpoint is set (or
     * {@code OTEL_SDK_DISABLED=true}). The variables are read by the SDK itself; {@code env} only decides whether to
     * build it.
     */
    public static Tracing fromEnvironment(Map<String, String> env) {
        boolean endpoint = !blank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
                || !blank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        if (!endpoint || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) {
            return OFF;
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // defaults only: the OTEL_* variables and otel.* system properties win
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "event-gateway",
                        // the spec's default; the Java SDK's own is grpc, which the JDK HttpClient sender cannot do
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .disableShutdownHook() // the gateway flushes the spans itself, after the producer (close())
                .build()
                .getOpenTelemetrySdk();
        LOG.info("tracing on [endpoint: {}, sampler: {}]", env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                env.get("OTEL_EXPORTER_OTLP_ENDPOINT")), env.getOrDefault("OTEL_TRACES_SAMPLER",
                "parentbased_always_on"));
        return new Tracing(sdk, sdk);
    }

    /** Tracing through a given OpenTelemetry (tests: an SDK with an in-memory exporter); {@code owned} closed by us. */
    public static Tracing of(OpenTelemetry openTelemetry, AutoCloseable owned) {
        return new Tracing(openTelemetry, owned);
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The tracer; only when {@link #enabled()}. */
    public Tracer tracer() {
        return tracer;
    }

    /** Reads the context a carrier propagates (W3C {@code traceparent}); only when {@link #enabled()}. */
    public <C> Context extract(C carrier, TextMapGetter<C> getter) {
        return propagator.extract(Context.root(), carrier, getter);
    }

    /** Writes the span's context into the carrier (W3C {@code traceparent}, {@code tracestate}). */
    public <C> void inject(Span span, C carrier, TextMapSetter<C> setter) {
        propagator.inject(Context.root().with(span), carrier, setter);
    }

    /** The context a single {@code traceparent} value carries, or the root context when it is null or malformed. */
    public Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return extract(traceparent, TRACEPARENT_ONLY);
    }

    /** The W3C {@code traceparent} of the span ({@code 00-<trace id>-<span id>-<flags>}). */
    public static String traceparent(Span span) {
        SpanContext context = span.getSpanContext();
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Flushes the spans not exported yet and stops the exporter. Blocking; call at the end of shutdown. */
    @Override
    public void close() {
        if (owned instanceof OpenTelemetrySdk sdk) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        } else if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("tracing did not close cleanly [cause: {}]", e.toString());
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static final TextMapGetter<String> TRACEPARENT_ONLY = new TextMapGetter<>() {
        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };
}
