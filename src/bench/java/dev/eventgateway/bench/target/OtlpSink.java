package dev.eventgateway.bench.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OTLP/HTTP endpoint of the traced gateway in the benchmark: answers 200 to {@code POST /v1/traces} and counts
 * the export requests and their bytes, so that the measured cost is the SDK's (sampling, spans, batching, export),
 * not a collector's. The spans themselves are not decoded.
 */
public final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpSink(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static OtlpSink start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "bench-otlp-sink");
                t.setDaemon(true);
                return t;
            });
            OtlpSink sink = new OtlpSink(server, executor);
            server.createContext("/", sink::handle);
            server.setExecutor(executor);
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the OTLP sink", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long read = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
            }
        }
        boolean traces = "POST".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().equals("/v1/traces");
        if (traces) {
            exports.incrementAndGet();
            bytes.addAndGet(read);
        }
        // an empty ExportTraceServiceResponse is an empty protobuf message: a 200 with no body is a full success
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(traces ? 200 : 404, -1);
        exchange.close();
    }

    /** The base URL for {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the SDK appends {@code /v1/traces}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long exports() {
        return exports.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
