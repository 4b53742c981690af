package dev.eventgateway.embedded;

import static dev.eventgateway.embedded.EmbeddedTestSupport.execute;
import static dev.eventgateway.embedded.EmbeddedTestSupport.queryStrings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventgateway.config.PgConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.storage.Migrations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL asks for a generated password, kept owner-only beside the gateway's secret key; a data
 * directory made before there was a password keeps its data and gets one.
 */
@Timeout(180)
class EmbeddedPostgresPasswordIT {

    /** What initdb -A trust wrote, the authentication of every cluster made before the password. */
    private static final String TRUST_HBA = String.join("\n",
            "local   all             all                                     trust",
            "host    all             all             127.0.0.1/32            trust",
            "host    all             all             ::1/128                 trust",
            "local   replication     all                                     trust",
            "host    replication     all             127.0.0.1/32            trust",
            "host    replication     all             ::1/128                 trust", "");

    @TempDir
    Path dataDir;

    @AfterEach
    void killLeftovers() {
        EmbeddedTestSupport.killServersOn(dataDir);
    }

    @Test
    void newClusterRefusesConnectionsWithoutTheGeneratedOwnerOnlyPassword() throws Exception {
        Path file = dataDir.resolve(EmbeddedPostgres.PASSWORD_FILE);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file, StandardCharsets.US_ASCII).trim()).isEqualTo(pg.password());
            assertThat(file.getParent()).as("beside secret.key, in the data directory").isEqualTo(dataDir);

            assertRefused(pg, "");
            assertRefused(pg, "postgres");
            assertThat(queryStrings(pg, "SELECT current_user")).containsExactly("postgres");
        }
    }

    @Test
    void aWrongPasswordStopsTheMigrationsAtOnceNamingTheUser() {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            for (String password : new String[]{"not-the-password", null}) {
                PgConfig wrong = new PgConfig(pg.host(), pg.port(), pg.database(), pg.user(),
                        Secret.ofNullable(password), 2, PgConfig.SslMode.DISABLE, null);
                // without the check, Flyway retries the login for minutes and the test times out
                assertThatThrownBy(() -> Migrations.run(wrong)).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("PostgreSQL refused user 'postgres'")
                        .hasMessageContaining("postgres.password");
            }
        }
    }

    @Test
    void clusterCreatedWithoutAPasswordKeepsItsDataAndAsksForOneFromTheNextStart() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            execute(pg, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('from before the password')",
                    "ALTER ROLE postgres PASSWORD NULL");
        }
        // the data directory as a gateway without the password left it: trust rules, no password file
        Path pgData = dataDir.resolve("postgres").resolve("data");
        Files.writeString(pgData.resolve("pg_hba.conf"), TRUST_HBA, StandardCharsets.UTF_8);
        Files.delete(dataDir.resolve(EmbeddedPostgres.PASSWORD_FILE));

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            assertThat(pg.password()).isEqualTo(EmbeddedPostgres.password(dataDir)).isNotBlank();
            assertThat(queryStrings(pg, "SELECT note FROM kept")).containsExactly("from before the password");
            assertRefused(pg, "");
            assertThat(EmbeddedPostgres.requiresPassword(pgData)).isTrue();
        }
        // and a third start, with nothing left to change, still connects with the same password
        String password = EmbeddedPostgres.password(dataDir);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, 0)) {
            assertThat(pg.password()).isEqualTo(password);
            assertThat(queryStrings(pg, "SELECT note FROM kept")).containsExactly("from before the password");
        }
    }

    private static void assertRefused(EmbeddedPostgres pg, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), password).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
    }
}
