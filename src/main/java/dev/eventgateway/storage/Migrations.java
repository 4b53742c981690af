package dev.eventgateway.storage;

import dev.eventgateway.config.PgConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Brings the schema up to date with Flyway ({@code classpath:db/migration}). Blocking JDBC: runs once in start-up,
 * before any verticle is deployed. Concurrent starts of several gateways are safe (Flyway takes a lock).
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * @throws PgTlsFailure when the server and {@code postgres.sslMode} do not agree
     * @throws IllegalStateException when the server refuses the user or its password
     */
    public static void run(PgConfig pg) {
        failFast(pg);
        Flyway flyway = Flyway.configure()
                .dataSource(pg.jdbcUrl(), pg.user(), pg.passwordText())
                .locations("classpath:db/migration")
                .connectRetries(10)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("database schema ready [version: {}, applied: {}]", flyway.info().current().getVersion(),
                result.migrationsExecuted);
    }

    /**
     * One connection attempt before Flyway's: a TLS disagreement or refused credentials are not transient, and Flyway
     * would retry them for minutes before saying only that it could not connect. Any other failure (the server still
     * starting) is left to Flyway's retries.
     */
    private static void failFast(PgConfig pg) {
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.passwordText());
        props.setProperty("connectTimeout", "10");
        try {
            DriverManager.getConnection(pg.jdbcUrl(), props).close();
        } catch (SQLException e) {
            PgTlsFailure tls = PgTlsFailure.of(pg, e);
            if (tls != null) {
                throw tls;
            }
            if (refusedCredentials(e)) {
                throw new IllegalStateException("PostgreSQL refused user '" + pg.user() + "' at " + pg.host() + ":"
                        + pg.port() + ": " + e.getMessage() + " (the password comes from GATEWAY_POSTGRES_URL or "
                        + "GATEWAY_POSTGRES_PASSWORD; the embedded server's is in the data directory's postgres.password)");
            }
        }
    }

    /** SQLSTATE class 28 (invalid authorization), or the driver's own refusal to log in without a password. */
    private static boolean refusedCredentials(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("28") || state.equals("08004"));
    }
}
