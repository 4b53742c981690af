package dev.eventgateway.http;

import dev.eventgateway.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TLS for the public listener (DESIGN §7): TLS 1.2 and 1.3 only, AEAD cipher suites with forward secrecy, HTTP/2 by
 * ALPN when the client offers it, and client certificates required when a client CA is configured. The key material
 * is read into memory ({@link KeyMaterial}), so that a reload compares what the files hold now with what is served.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

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

    /**
     * The certificate (with its chain), the key and the client CA as the files hold them at one moment, and whether a
     * client certificate is required at the handshake or only requested ({@code http.tls.clientAuth}).
     */
    public record KeyMaterial(Buffer certChain, Buffer key, Buffer clientCa, boolean clientCertificateRequired) {

        /** Reads the files without blocking the caller's event loop. */
        public static Future<KeyMaterial> read(FileSystem fs, TlsConfig tls) {
            Future<Buffer> cert = fs.readFile(tls.certFile().toString());
            Future<Buffer> chain = tls.chainFile() == null ? Future.succeededFuture(Buffer.buffer())
                    : fs.readFile(tls.chainFile().toString());
            Future<Buffer> key = fs.readFile(tls.keyFile().toString());
            Future<Buffer> ca = tls.clientCa() == null ? Future.succeededFuture(null)
                    : fs.readFile(tls.clientCa().toString());
            return Future.all(cert, chain, key, ca).map(done -> new KeyMaterial(
                    joined(cert.result(), chain.result()), key.result(), ca.result(),
                    tls.clientAuth() == TlsConfig.ClientAuth.REQUIRED));
        }

        /**
         * Proves the key belongs to the certificate by signing with one and verifying with the other: an ACME client
         * writes the two files one after the other, and a key of the next certificate served with the current one
         * would fail every handshake until the next look.
         *
         * @throws GeneralSecurityException when they do not belong together or do not parse
         */
        KeyMaterial checkKeyMatchesCertificate(Vertx vertx) throws Exception {
            KeyManagerFactory factory = new PemKeyCertOptions().addCertValue(certChain).addKeyValue(key)
                    .getKeyManagerFactory(vertx);
            X509KeyManager keys = (X509KeyManager) factory.getKeyManagers()[0];
            for (String type : new String[]{"RSA", "EC", "EdDSA", "Ed25519"}) {
                String[] aliases = keys.getServerAliases(type, null);
                if (aliases != null && aliases.length > 0) {
                    PrivateKey privateKey = keys.getPrivateKey(aliases[0]);
                    X509Certificate certificate = keys.getCertificateChain(aliases[0])[0];
                    String algorithm = switch (privateKey.getAlgorithm()) {
                        case "RSA" -> "SHA256withRSA";
                        case "EC" -> "SHA256withECDSA";
                        default -> privateKey.getAlgorithm();
                    };
                    byte[] probe = "event-gateway key check".getBytes(StandardCharsets.US_ASCII);
                    Signature signer = Signature.getInstance(algorithm);
                    signer.initSign(privateKey);
                    signer.update(probe);
                    byte[] signature = signer.sign();
                    Signature verifier = Signature.getInstance(algorithm);
                    verifier.initVerify(certificate.getPublicKey());
                    verifier.update(probe);
                    if (!verifier.verify(signature)) {
                        throw new GeneralSecurityException("the key file does not belong to the certificate file");
                    }
                    return this;
                }
            }
            throw new GeneralSecurityException("no usable key and certificate in the files");
        }

        /** The same bytes in every file. */
        boolean sameAs(KeyMaterial other) {
            return same(certChain, other.certChain) && same(key, other.key) && same(clientCa, other.clientCa);
        }

        private static boolean same(Buffer a, Buffer b) {
            return a == null ? b == null : b != null && Arrays.equals(a.getBytes(), b.getBytes());
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

    /**
     * Reads the key material, listens with TLS on, and watches the files: certificates from an ACME client renew
     * every few weeks, so they are compared with what is served every {@code reloadInterval}, and changed ones are
     * served to new connections from then on, without a restart. A file caught half-written fails that update and the
     * served certificate stays until the next look. Call on the context that owns the server (a verticle's start).
     */
    public static Future<HttpServer> listen(Vertx vertx, HttpServerOptions options, TlsConfig tls,
                                            Handler<HttpServerRequest> handler) {
        return KeyMaterial.read(vertx.fileSystem(), tls).compose(initial -> {
            HttpServer server = InvalidRequestHandler.install(vertx.createHttpServer(apply(options, initial)))
                    .requestHandler(handler);
            return server.listen().onSuccess(s -> watch(vertx, s, tls, initial));
        });
    }

    private static void watch(Vertx vertx, HttpServer server, TlsConfig tls, KeyMaterial initial) {
        AtomicReference<KeyMaterial> served = new AtomicReference<>(initial);
        AtomicBoolean looking = new AtomicBoolean();
        vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> {
            if (!looking.compareAndSet(false, true)) {
                return; // the previous look is still reading or updating
            }
            KeyMaterial.read(vertx.fileSystem(), tls)
                    .compose(now -> now.sameAs(served.get()) ? Future.succeededFuture(false)
                            : vertx.executeBlocking(() -> now.checkKeyMatchesCertificate(vertx))
                                    .compose(checked -> server.updateSSLOptions(sslOptions(now), true))
                                    .onSuccess(updated -> served.set(now)))
                    .onComplete(done -> looking.set(false))
                    .onSuccess(updated -> {
                        if (updated) {
                            LOG.info("tls certificate reloaded [certFile: {}]", tls.certFile());
                        }
                    })
                    .onFailure(err -> LOG.warn("tls certificate not reloaded, the served one stays [certFile: {}, "
                            + "cause: {}]", tls.certFile(), err.toString()));
        });
    }

    /** Turns TLS on in the listener's options, with the material read at start. */
    static HttpServerOptions apply(HttpServerOptions options, KeyMaterial material) {
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
    static ServerSSLOptions sslOptions(KeyMaterial material) {
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
                    .setClientAuth(material.clientCertificateRequired() ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
        } else {
            ssl.setClientAuth(ClientAuth.NONE);
        }
        return ssl;
    }
}
