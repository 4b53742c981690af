package dev.eventgateway.it;

import dev.eventgateway.Gateway;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code postgres.sslMode} against a real PostgreSQL that accepts TLS connections only ({@link TlsPostgres}): the
 * migrations and the pools connect with {@code require} and with {@code verify-full}; a wrong CA, a host name the
 * certificate does not carry and {@code disable} each stop the start at once, with a message that names PostgreSQL
 * TLS and what to change.
 */
@GatewayIT
class PostgresTlsIT {

    private static TlsPostgres postgres;

    @BeforeAll
    static void startServer() {
        postgres = TlsPostgres.start();
    }

    @AfterAll
    static void stopServer() {
        postgres.close();
    }

    @Test
    void migrationsAndPoolsConnectWithRequire(GatewayStack stack) throws Exception {
        String database = postgres.createDatabase("tls_require");
        try (Gateway gateway = Gateway.start(config(stack, postgres.url("127.0.0.1", database),
                Map.of("GATEWAY_POSTGRES_SSL_MODE", "require")))) {
            assertServes(gateway, database);
        }
    }

    @Test
    void migrationsAndPoolsConnectWithVerifyFullAndTheCaFile(GatewayStack stack) throws Exception {
        String database = postgres.createDatabase("tls_verify_full");
        try (Gateway gateway = Gateway.start(config(stack, postgres.url("localhost", database), Map.of(
                "GATEWAY_POSTGRES_SSL_MODE", "verify-full",
                "GATEWAY_POSTGRES_SSL_ROOT_CERT", postgres.caFile().toString())))) {
            assertServes(gateway, database);
        }
    }

    @Test
    void verifyFullWithAnotherCaFailsTheStart(GatewayStack stack) {
        assertThatThrownBy(() -> Gateway.start(config(stack, postgres.url("localhost", "postgres"), Map.of(
                "GATEWAY_POSTGRES_SSL_MODE", "verify-full",
                "GATEWAY_POSTGRES_SSL_ROOT_CERT", postgres.otherCaFile().toString()))).close())
                .hasMessageStartingWith("PostgreSQL TLS:")
                .hasMessageContaining("postgres.sslRootCert");
    }

    @Test
    void verifyFullWithAHostNameTheCertificateDoesNotCarryFailsTheStart(GatewayStack stack) {
        // the certificate names localhost only
        assertThatThrownBy(() -> Gateway.start(config(stack, postgres.url("127.0.0.1", "postgres"), Map.of(
                "GATEWAY_POSTGRES_SSL_MODE", "verify-full",
                "GATEWAY_POSTGRES_SSL_ROOT_CERT", postgres.caFile().toString()))).close())
                .hasMessageStartingWith("PostgreSQL TLS:")
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void disableAgainstAServerThatRequiresTlsFailsTheStart(GatewayStack stack) {
        assertThatThrownBy(() -> Gateway.start(config(stack, postgres.url("127.0.0.1", "postgres"), Map.of(
                "GATEWAY_POSTGRES_SSL_MODE", "disable"))).close())
                .hasMessageStartingWith("PostgreSQL TLS:")
                .hasMessageContaining("postgres.sslMode");
    }

    private static dev.eventgateway.config.GatewayConfig config(GatewayStack stack, String url,
                                                                Map<String, String> tls) {
        Map<String, String> env = new HashMap<>(tls);
        env.put("GATEWAY_POSTGRES_URL", url);
        env.put("GATEWAY_WORKERS_ENABLED", "false");
        return GatewayStack.config(stack.servers(), env);
    }

    /** The schema was migrated, the declared webhooks were loaded through the pools, and readiness (a pool) is up. */
    private static void assertServes(Gateway gateway, String database) throws Exception {
        assertThat(postgres.queryOne(database,
                "SELECT count(*) FROM flyway_schema_history WHERE success")).isNotEqualTo("0");
        assertThat(postgres.queryOne(database, "SELECT count(*) FROM webhooks WHERE webhook_uid = '"
                + GatewayStack.WHATS91.uid() + "'")).isEqualTo("1");
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + gateway.managementPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        // every connection of the gateway to this server is encrypted: the server allows no other
        assertThat(postgres.queryOne(database, "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a"
                + " USING (pid) WHERE a.datname = current_database() AND NOT s.ssl")).isEqualTo("0");
    }
}
