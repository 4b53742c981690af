package dev.eventgateway.config;

/** The HTTP server. {@code instances} 0 means one verticle per event loop. */
public record HttpConfig(String host, int port, int instances, String publicBaseUrl) {

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, instances, publicBaseUrl);
    }
}
