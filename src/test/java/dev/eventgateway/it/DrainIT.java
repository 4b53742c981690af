package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.Whats91Payloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a gateway while a request is in flight (DESIGN §3, §7): from the stop on, a new request gets 503
 * UNAVAILABLE with Retry-After and Connection: close, and the one in flight still finishes with 200.
 */
@GatewayIT
class DrainIT {

    @Test
    void aRequestInFlightFinishesWhileNewOnesGet503(GatewayStack stack) throws Exception {
        Gateway gateway = Gateway.start(GatewayStack.config(stack.servers(), Map.of(
                "GATEWAY_WORKERS_ENABLED", "false", "GATEWAY_SHUTDOWN_TIMEOUT", "20s")));
        CompletableFuture<Void> stopped = null;
        try (Socket inFlight = new Socket("127.0.0.1", gateway.httpPort())) {
            inFlight.setSoTimeout(30_000);
            byte[] body = Whats91Payloads.inboundText("wamid.drain-" + UUID.randomUUID(), "919800000003", "drain");
            OutputStream out = inFlight.getOutputStream();
            // admitted: headers and half the body sent, the rest held back while the gateway is told to stop
            out.write(head(body));
            out.write(Arrays.copyOf(body, body.length / 2));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> readyStatus(gateway) == 200);

            stopped = CompletableFuture.runAsync(gateway::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> readyStatus(gateway) == 503);

            try (Socket late = new Socket("127.0.0.1", gateway.httpPort())) {
                late.setSoTimeout(30_000);
                late.getOutputStream().write(head(body));
                late.getOutputStream().write(body);
                String answer = readAll(late.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 503");
                assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close").contains("retry-after: ");
                assertThat(answer).contains("\"error_code\":\"UNAVAILABLE\"");
            }
            assertThat(stopped).isNotDone();

            out.write(Arrays.copyOfRange(body, body.length / 2, body.length));
            out.flush();
            assertThat(readAll(inFlight.getInputStream())).startsWith("HTTP/1.1 200").contains("\"accepted\":1");
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            gateway.close();
        }
    }

    private static byte[] head(byte[] body) {
        StringBuilder head = new StringBuilder("POST /webhooks/" + GatewayStack.WHATS91.uid() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                + "Connection: close\r\n");
        GatewayStack.WHATS91.headers(body).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int readyStatus(Gateway gateway) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + gateway.managementPort() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
