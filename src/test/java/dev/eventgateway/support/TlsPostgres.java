package dev.eventgateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own that speaks TLS only: {@code ssl = on} with a certificate for {@code localhost}
 * (DNS name only, so a connection to {@code 127.0.0.1} does not match it) signed by a CA the test made, and a
 * {@code pg_hba.conf} of {@code hostssl} lines only, so a plain TCP connection is refused. Authentication is trust:
 * TLS is what is under test.
 */
public final class TlsPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private final Path caFile;

    private TlsPostgres(EmbeddedPostgres server, Path caFile) {
        this.server = server;
        this.caFile = caFile;
    }

    public static TlsPostgres start() {
        Path dir = TestServers.dataDir("postgres-tls");
        try {
            TestCertificates authority = TestCertificates.authority("postgres");
            Path cert = dir.resolve("server.crt");
            Path key = dir.resolve("server.key");
            authority.server("localhost").write(cert, key);
            // PostgreSQL refuses a key that group or others may read
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Path hba = dir.resolve("pg_hba.conf");
            Files.writeString(hba, """
                    local   all all                 trust
                    hostssl all all 127.0.0.1/32    trust
                    hostssl all all ::1/128         trust
                    """);
            Path caFile = authority.writeCa(dir.resolve("ca.pem"));
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", cert.toString())
                    .setServerConfig("ssl_key_file", key.toString())
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("max_connections", "60")
                    .setConnectConfig("sslmode", "require")
                    .start();
            return new TlsPostgres(server, caFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a PostgreSQL with TLS", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The CA that signed the server's certificate, as PEM. */
    public Path caFile() {
        return caFile;
    }

    /** A CA file of another authority, which did not sign the server's certificate. */
    public Path otherCaFile() {
        return TestCertificates.authority("impostor").writeCa(caFile.resolveSibling("other-ca.pem"));
    }

    /** Creates an empty database (over TLS, as the server allows nothing else). */
    public String createDatabase(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /** {@code postgresql://postgres@host:port/database}, the gateway's {@code postgres.url}. */
    public String url(String host, String database) {
        return "postgresql://postgres@" + host + ":" + port() + "/" + database;
    }

    /** Runs a query over TLS and returns the first column of the first row. */
    public String queryOne(String database, String sql) {
        try (Connection c = server.getDatabase("postgres", database).getConnection();
             Statement s = c.createStatement(); var rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
