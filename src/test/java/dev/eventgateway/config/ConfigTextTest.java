package dev.eventgateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigTextTest {

    @TempDir
    Path dir;

    @Test
    void startUpLineLeavesUnsetValuesOutAndWritesDurationsAsTheConfigDoes() {
        String text = ConfigText.of(ConfigLoader.load(dir, Map.of("GATEWAY_ADMIN_TOKEN", "s3cret-admin-token")));

        assertThat(text).doesNotContain("=null").doesNotContain("PT").doesNotContain("s3cret-admin-token")
                .contains("secretOverlap=24h").contains("shutdownTimeout=25s").contains("publishTimeout=5s")
                .contains("retryBackoff=200ms").contains("TlsConfig[clientAuth=REQUIRED, reloadInterval=1m]");
    }

    @Test
    void durationsTakeTheLargestUnitThatDividesThem() {
        assertThat(ConfigText.human(Duration.ofHours(48))).isEqualTo("48h");
        assertThat(ConfigText.human(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ConfigText.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ConfigText.human(Duration.ZERO)).isEqualTo("0s");
    }
}
