package dev.eventgateway.http;

import dev.eventgateway.config.TlsConfig;
import dev.eventgateway.support.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TLS on a real listener with certificates the test makes: the protocol floor, HTTP/2 by ALPN, a renewed certificate
 * served without a restart, and client certificates required when a client CA is set.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerTlsTest {

    @TempDir
    Path dir;
    private TestCertificates authority;
    private Path certFile;
    private Path keyFile;

    @BeforeEach
    void certificates() {
        authority = TestCertificates.authority("server-tls-test");
        certFile = dir.resolve("cert.pem");
        keyFile = dir.resolve("key.pem");
        authority.server().write(certFile, keyFile);
    }

    @Test
    void servesTls12And13AndRefusesATls11Client(Vertx vertx) throws Exception {
        int port = listen(vertx, new TlsConfig(certFile, keyFile, null, null, Duration.ofMinutes(1)));

        assertThat(handshake(port, "TLSv1.3", null).getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(handshake(port, "TLSv1.2", null).getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(handshake(port, "TLSv1.2", null).getSession().getCipherSuite()).isIn(ServerTls.CIPHER_SUITES);
        assertThatThrownBy(() -> handshake(port, "TLSv1.1", null)).isInstanceOf(SSLException.class);
    }

    @Test
    void offersHttp2ByAlpn(Vertx vertx) throws Exception {
        int port = listen(vertx, new TlsConfig(certFile, keyFile, null, null, Duration.ofMinutes(1)));
        Path ca = authority.writeCa(dir.resolve("ca.pem"));

        var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2).setTrustOptions(new PemTrustOptions().addCertPath(
                        ca.toString())));
        var response = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
                        .setPort(port).setURI("/"))
                .compose(request -> request.send())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart(Vertx vertx) throws Exception {
        int port = listen(vertx, new TlsConfig(certFile, keyFile, null, null, Duration.ofMillis(250)));
        BigInteger first = servedSerial(port);

        TestCertificates.Issued renewed = authority.server();
        renewed.write(certFile, keyFile);

        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(servedSerial(port)).isEqualTo(renewed.certificate().getSerialNumber()));
    }

    @Test
    void withAClientCaAClientWithoutACertificateIsRefusedAtTheHandshake(Vertx vertx) throws Exception {
        TestCertificates clients = TestCertificates.authority("server-tls-test-clients");
        Path clientCa = clients.writeCa(dir.resolve("client-ca.pem"));
        int port = listen(vertx, new TlsConfig(certFile, keyFile, null, clientCa, Duration.ofMinutes(1)));

        SSLSocket withCertificate = handshake(port, "TLSv1.3", clients.client("meta"));
        assertThat(withCertificate.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(exchange(withCertificate)).startsWith("HTTP/1.1 200");

        // TLS 1.3 reports a refused client certificate after the client's Finished, on the first read
        assertThatThrownBy(() -> exchange(handshake(port, "TLSv1.3", null))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handshake(port, "TLSv1.2", null)).isInstanceOf(IOException.class);
        TestCertificates stranger = TestCertificates.authority("someone-else");
        assertThatThrownBy(() -> exchange(handshake(port, "TLSv1.3", stranger.client("meta"))))
                .isInstanceOf(IOException.class);
    }

    private int listen(Vertx vertx, TlsConfig tls) throws Exception {
        HttpServer server = ServerTls.listen(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(0), tls,
                        request -> request.response().end("ok"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private SSLSocket handshake(int port, String protocol, TestCertificates.Issued clientCertificate)
            throws IOException {
        SSLContext context = authority.clientContext(protocol, clientCertificate);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000); // the first handshake of a JVM is slow on a loaded machine
        socket.setEnabledProtocols(new String[]{protocol});
        socket.startHandshake();
        return socket;
    }

    private static String exchange(SSLSocket socket) throws IOException {
        try (socket) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes());
            socket.getOutputStream().flush();
            byte[] buffer = new byte[64];
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                throw new IOException("closed without an answer");
            }
            return new String(buffer, 0, n);
        }
    }

    private BigInteger servedSerial(int port) throws IOException {
        try (SSLSocket socket = handshake(port, "TLSv1.3", null)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
