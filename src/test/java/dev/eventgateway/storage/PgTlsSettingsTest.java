package dev.eventgateway.storage;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.PgConfig;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code postgres.sslMode}: the pools and the migrations' JDBC URL get the same TLS settings. */
class PgTlsSettingsTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path dir;

    private PgConfig load(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GATEWAY_SECRET_KEY", KEY);
        return ConfigLoader.load(dir, all).postgres();
    }

    @Test
    void plainByDefault() {
        PgConfig pg = load(Map.of("GATEWAY_POSTGRES_URL", "postgresql://u:p@db.internal:5432/gateway"));

        assertThat(pg.sslMode()).isEqualTo(PgConfig.SslMode.DISABLE);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/gateway?sslmode=disable");
        assertThat(PgPools.connectOptions(pg).getSslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificate() {
        PgConfig pg = load(Map.of("GATEWAY_POSTGRES_URL", "postgresql://u:p@db.internal:5432/gateway?sslmode=require"));

        PgConnectOptions options = PgPools.connectOptions(pg);
        assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(options.getSslOptions().isTrustAll()).isTrue();
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/gateway?sslmode=require");
    }

    @Test
    void verifyFullChecksTheCaAndTheHostName() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        PgConfig pg = load(Map.of("GATEWAY_POSTGRES_URL", "postgresql://u:p@db.internal:5432/gateway",
                "GATEWAY_POSTGRES_SSL_MODE", "verify-full", "GATEWAY_POSTGRES_SSL_ROOT_CERT", ca.toString()));

        PgConnectOptions options = PgPools.connectOptions(pg);
        assertThat(options.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(options.getSslOptions().isTrustAll()).isFalse();
        assertThat(options.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(((PemTrustOptions) options.getSslOptions().getTrustOptions()).getCertPaths())
                .containsExactly(ca.toString());
        assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://db.internal:5432/gateway?sslmode=verify-full&sslrootcert=")
                .contains("ca.pem");
    }

    @Test
    void verifyFullWithoutACaFileAndUnknownModesAreConfigErrors() {
        assertThatThrownBy(() -> load(Map.of("GATEWAY_POSTGRES_URL", "postgresql://u:p@db:5432/g",
                "GATEWAY_POSTGRES_SSL_MODE", "verify-full")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.sslRootCert");
        assertThatThrownBy(() -> load(Map.of("GATEWAY_POSTGRES_URL", "postgresql://u:p@db:5432/g?sslmode=prefer")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.sslMode");
    }
}
