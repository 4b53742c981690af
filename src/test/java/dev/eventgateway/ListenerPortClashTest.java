package dev.eventgateway;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ListenerPortClashTest {

    @TempDir
    Path dir;

    @Test
    void takenPublicPortIsNamedBeforeAnyEmbeddedServerStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            Path data = dir.resolve("data");
            GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_HTTP_PORT", Integer.toString(port),
                    "GATEWAY_MANAGEMENT_PORT", "0", "GATEWAY_DATA_DIR", data.toString()));

            ConfigException e = catchThrowableOfType(ConfigException.class, () -> Gateway.start(config).close());

            assertThat(e).isNotNull();
            assertThat(e.problems()).singleElement().asString()
                    .startsWith("http.port (GATEWAY_HTTP_PORT): cannot listen on 0.0.0.0:" + port + " (");
            assertThat(data.resolve("kafka")).as("the embedded broker was not started").doesNotExist();
            assertThat(data.resolve("postgres")).as("the embedded PostgreSQL was not started").doesNotExist();
        }
    }

    @Test
    void takenManagementPortIsNamedWithItsSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            GatewayConfig config = ConfigLoader.load(dir, Map.of("GATEWAY_HTTP_PORT", "0",
                    "GATEWAY_MANAGEMENT_PORT", Integer.toString(port), "GATEWAY_DATA_DIR", dir.toString()));

            ConfigException e = catchThrowableOfType(ConfigException.class, () -> Gateway.start(config).close());

            assertThat(e).isNotNull();
            assertThat(e.problems()).singleElement().asString()
                    .startsWith("management.port (GATEWAY_MANAGEMENT_PORT): cannot listen on 127.0.0.1:" + port);
        }
    }
}
