package dev.eventgateway.storage;

import dev.eventgateway.config.PgConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway ({@code classpath:db/migration}). Blocking JDBC: runs once in start-up,
 * before any verticle is deployed. Concurrent starts of several gateways are safe (Flyway takes a lock).
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    public static void run(PgConfig pg) {
        Flyway flyway = Flyway.configure()
                .dataSource(pg.jdbcUrl(), pg.user(), pg.passwordText())
                .locations("classpath:db/migration")
                .connectRetries(10)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("database schema ready [version: {}, applied: {}]", flyway.info().current().getVersion(),
                result.migrationsExecuted);
    }
}
