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

    /** @throws PgTlsFailure when the server and {@code postgres.sslMode} do not agree */
    public static void run(PgConfig pg) {
        failFastOnTls(pg);
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
     * One connection attempt before Flyway's: a TLS disagreement is not transient, and Flyway would retry it for
     * minutes before saying only that it could not connect. Any other failure (the server still starting) is left
     * to Flyway's retries.
     */
    private static void failFastOnTls(PgConfig pg) {
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
        }
    }
}
