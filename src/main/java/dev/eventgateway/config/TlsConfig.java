package dev.eventgateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * TLS on the public listener (DESIGN §7), from PEM files as an ACME client writes them. Off when {@code certFile} is
 * null: plain HTTP, for local use and behind a TLS-terminating balancer.
 *
 * @param certFile       the server certificate, optionally followed by its chain
 * @param keyFile        its private key (PKCS#8 or PKCS#1)
 * @param chainFile      intermediate certificates, when not in {@code certFile}; null if none
 * @param clientCa       CA certificates that client certificates must chain to (mTLS); null accepts clients without
 *                       a certificate
 * @param clientAuth     with {@code clientCa}: {@code required} (the default) refuses a client without a certificate at
 *                       the handshake, for the whole listener; {@code requested} asks for one and lets clients without
 *                       it in, so that only the webhooks with a {@code clientCertificate} refuse them
 * @param reloadInterval how often the files are compared with the ones being served; changed files are served from
 *                       then on, without a restart
 */
public record TlsConfig(Path certFile, Path keyFile, Path chainFile, Path clientCa, ClientAuth clientAuth,
                        Duration reloadInterval) {

    public static final TlsConfig OFF = new TlsConfig(null, null, null, null, Duration.ofMinutes(1));

    /** {@code http.tls.clientAuth}. */
    public enum ClientAuth { REQUIRED, REQUESTED }

    public TlsConfig {
        clientAuth = clientAuth == null ? ClientAuth.REQUIRED : clientAuth;
    }

    /** With the client certificate required whenever {@code clientCa} is set. */
    public TlsConfig(Path certFile, Path keyFile, Path chainFile, Path clientCa, Duration reloadInterval) {
        this(certFile, keyFile, chainFile, clientCa, ClientAuth.REQUIRED, reloadInterval);
    }

    public boolean enabled() {
        return certFile != null;
    }

    public boolean requiresClientCertificate() {
        return clientCa != null && clientAuth == ClientAuth.REQUIRED;
    }
}
