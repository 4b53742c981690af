package dev.eventgateway.http;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerPortsTest {

    @TempDir
    Path dir;

    private GatewayConfig config(int httpPort, String role) {
        return ConfigLoader.load(dir, Map.of("GATEWAY_HTTP_HOST", "127.0.0.1", "GATEWAY_HTTP_PORT",
                Integer.toString(httpPort), "GATEWAY_MANAGEMENT_PORT", "0", "GATEWAY_ROLE", role));
    }

    @Test
    void aTakenPublicPortStopsIngressButNotTheWorkersRoleWhichHasNoPublicListener() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ListenerPorts.requireFree(config(taken.getLocalPort(), "ingress")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("http.port (GATEWAY_HTTP_PORT)");
            assertThatCode(() -> ListenerPorts.requireFree(config(taken.getLocalPort(), "workers")))
                    .doesNotThrowAnyException();
        }
    }
}
