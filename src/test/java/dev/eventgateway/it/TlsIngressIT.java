package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.TestCertificates;
import dev.eventgateway.support.TestServers;
import dev.eventgateway.support.Whats91Payloads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway on the internet as a provider meets it: HTTPS with the gateway's certificate, a client certificate
 * required (mTLS, as Meta offers it), and a signed request answered 200 over HTTP/2. Certificates made by the test.
 */
@GatewayIT
class TlsIngressIT {

    @Test
    void aSignedRequestOverHttpsWithAClientCertificateGets200AndOneWithoutIsRefused(GatewayStack stack)
            throws Exception {
        Path dir = TestServers.dataDir("tls");
        TestCertificates serverCa = TestCertificates.authority("gateway");
        TestCertificates clientCa = TestCertificates.authority("provider");
        serverCa.server().write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        clientCa.writeCa(dir.resolve("client-ca.pem"));

        try (Gateway gateway = Gateway.start(GatewayStack.config(stack.servers(), Map.of(
                "GATEWAY_HTTP_TLS_CERT_FILE", dir.resolve("cert.pem").toString(),
                "GATEWAY_HTTP_TLS_KEY_FILE", dir.resolve("key.pem").toString(),
                "GATEWAY_HTTP_TLS_CLIENT_CA", dir.resolve("client-ca.pem").toString(),
                "GATEWAY_WORKERS_ENABLED", "false")))) {
            URI uri = URI.create("https://localhost:" + gateway.httpPort() + "/webhooks/"
                    + GatewayStack.WHATS91.uid());
            byte[] body = Whats91Payloads.inboundText("wamid.tls-" + UUID.randomUUID(), "919800000002", "over tls");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            GatewayStack.WHATS91.headers(body).forEach(request::header);

            HttpClient provider = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(serverCa.clientContext("TLS", clientCa.client("provider"))).build();
            HttpResponse<String> answer = provider.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(answer.body()).contains("\"accepted\":1");

            HttpClient anonymous = HttpClient.newBuilder().sslContext(serverCa.clientContext("TLS", null)).build();
            assertThatThrownBy(() -> anonymous.send(request.build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + gateway.httpPort() + "/webhooks/" + GatewayStack.WHATS91.uid())).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    /** A webhook that needs a client certificate, and one that does not, on the same listener. */
    private static final GatewayStack.TestWebhook MTLS =
            new GatewayStack.TestWebhook("wh_it_mtls", "whats91", "it-mtls-secret", null);

    @Test
    void aWebhookThatNeedsAClientCertificateRefusesARequestWithoutOneWhileOthersOnTheListenerNeedNone(
            GatewayStack stack) throws Exception {
        Path dir = TestServers.dataDir("mtls-webhook");
        TestCertificates serverCa = TestCertificates.authority("gateway");
        TestCertificates clientCa = TestCertificates.authority("provider");
        serverCa.server().write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        clientCa.writeCa(dir.resolve("client-ca.pem"));
        Map<String, String> env = GatewayStack.environment(stack.servers(), Map.of(
                "GATEWAY_HTTP_TLS_CERT_FILE", dir.resolve("cert.pem").toString(),
                "GATEWAY_HTTP_TLS_KEY_FILE", dir.resolve("key.pem").toString(),
                "GATEWAY_HTTP_TLS_CLIENT_CA", dir.resolve("client-ca.pem").toString(),
                "GATEWAY_HTTP_TLS_CLIENT_AUTH", "requested",
                "GATEWAY_WORKERS_ENABLED", "false"));
        Files.writeString(Path.of(env.get("GATEWAY_CONFIG")), """
                  - webhookUid: %s
                    provider: whats91
                    senderId: "916268662299"
                    signingSecret: %s
                    clientCertificate: provider.example
                """.formatted(MTLS.uid(), MTLS.secret()), StandardOpenOption.APPEND);

        try (Gateway gateway = Gateway.start(ConfigLoader.load(Path.of(env.get("GATEWAY_DATA_DIR")), env))) {
            HttpClient named = HttpClient.newBuilder()
                    .sslContext(serverCa.clientContext("TLS", clientCa.client("provider.example"))).build();
            HttpClient otherName = HttpClient.newBuilder()
                    .sslContext(serverCa.clientContext("TLS", clientCa.client("someone-else"))).build();
            HttpClient anonymous = HttpClient.newBuilder().sslContext(serverCa.clientContext("TLS", null)).build();

            assertThat(signedPost(named, gateway, MTLS).statusCode()).isEqualTo(200);
            HttpResponse<String> withoutCertificate = signedPost(anonymous, gateway, MTLS);
            assertThat(withoutCertificate.statusCode()).isEqualTo(401);
            assertThat(withoutCertificate.body()).contains("UNAUTHORIZED").doesNotContain("certificate");
            assertThat(signedPost(otherName, gateway, MTLS).statusCode()).isEqualTo(401);
            // the webhook next to it on the same listener needs no certificate
            assertThat(signedPost(anonymous, gateway, GatewayStack.WHATS91).statusCode()).isEqualTo(200);
            // the operator learns why
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + gateway.managementPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).containsPattern("client_certificate\"[^\n]*\\} [1-9]");
        }
    }

    private static HttpResponse<String> signedPost(HttpClient client, Gateway gateway,
                                                   GatewayStack.TestWebhook webhook) throws Exception {
        byte[] body = Whats91Payloads.inboundText("wamid.mtls-" + UUID.randomUUID(), "919800000003", "mtls");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.httpPort()
                        + "/webhooks/" + webhook.uid())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webhook.headers(body).forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
