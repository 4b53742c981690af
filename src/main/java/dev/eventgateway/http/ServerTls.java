package dev.eventgateway.http;

import dev.eventgateway.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.util.List;
import java.util.Set;

/**
 * TLS for the public listener (DESIGN §7): TLS 1.2 and 1.3 only, AEAD cipher suites with forward secrecy, HTTP/2 by
 * ALPN when the client offers it, and client certificates required when a client CA is configured. The key material
 * is read into memory ({@link KeyMaterial}), so that a reload compares what the files hold now with what is served.
 */
public final class ServerTls {

    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /** TLS 1.3's suites, then TLS 1.2's ECDHE + AES-GCM / ChaCha20-Poly1305 (Mozilla's "intermediate" list). */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ServerTls() {
    }

    /** The certificate (with its chain), the key and the client CA as the files hold them at one moment. */
    public record KeyMaterial(Buffer certChain, Buffer key, Buffer clientCa) {

        /** Reads the files without blocking the caller's event loop. */
        public static Future<KeyMaterial> read(FileSystem fs, TlsConfig tls) {
            Future<Buffer> cert = fs.readFile(tls.certFile().toString());
            Future<Buffer> chain = tls.chainFile() == null ? Future.succeededFuture(Buffer.buffer())
                    : fs.readFile(tls.chainFile().toString());
            Future<Buffer> key = fs.readFile(tls.keyFile().toString());
            Future<Buffer> ca = tls.clientCa() == null ? Future.succeededFuture(null)
                    : fs.readFile(tls.clientCa().toString());
            return Future.all(cert, chain, key, ca).map(done -> new KeyMaterial(
                    joined(cert.result(), chain.result()), key.result(), ca.result()));
        }

        private static Buffer joined(Buffer cert, Buffer chain) {
            if (chain.length() == 0) {
                return cert;
            }
            Buffer out = Buffer.buffer(cert.length() + chain.length() + 1).appendBuffer(cert);
            if (cert.length() > 0 && cert.getByte(cert.length() - 1) != '\n') {
                out.appendByte((byte) '\n');
            }
            return out.appendBuffer(chain);
        }
    }

    /** Turns TLS on in the listener's options, with the material read at start. */
    public static HttpServerOptions apply(HttpServerOptions options, TlsConfig tls, KeyMaterial material) {
        ServerSSLOptions ssl = sslOptions(material);
        options.setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(ssl.getKeyCertOptions())
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setClientAuth(ssl.getClientAuth());
        if (ssl.getTrustOptions() != null) {
            options.setTrustOptions(ssl.getTrustOptions());
        }
        options.getEnabledCipherSuites().clear();
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /** The options a running listener is updated with when the files changed. */
    public static ServerSSLOptions sslOptions(KeyMaterial material) {
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(material.certChain())
                        .addKeyValue(material.key()))
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setUseAlpn(true)
                .setApplicationLayerProtocols(List.of(HttpVersion.HTTP_2.alpnName(),
                        HttpVersion.HTTP_1_1.alpnName()));
        CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
        if (material.clientCa() != null) {
            ssl.setTrustOptions(new PemTrustOptions().addCertValue(material.clientCa()))
                    .setClientAuth(ClientAuth.REQUIRED);
        } else {
            ssl.setClientAuth(ClientAuth.NONE);
        }
        return ssl;
    }
}
