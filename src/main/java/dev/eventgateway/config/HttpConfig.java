package dev.eventgateway.config;

/**
 * The public HTTP listener. {@code instances} 0 means one verticle per event loop.
 *
 * @param tls            TLS on the listener, or {@link TlsConfig#OFF}
 * @param trustedProxies peers whose {@code X-Forwarded-For} / {@code Forwarded} headers name the client address
 */
public record HttpConfig(String host, int port, int instances, String publicBaseUrl, TlsConfig tls,
                         TrustedProxies trustedProxies) {

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, instances, publicBaseUrl, tls, trustedProxies);
    }
}
