package dev.eventgateway.config;

import dev.eventgateway.crypto.Secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * PostgreSQL. {@code host} null means the embedded server is started and filled in with {@link #withServer}.
 *
 * @param sslMode     how the connection uses TLS, as libpq names it; the same for the pools and the migrations
 * @param sslRootCert the CA bundle (PEM) that {@code verify-full} checks the server's certificate against; null
 *                    with the other modes
 */
public record PgConfig(String host, int port, String database, String user, Secret password, int poolSize,
                       SslMode sslMode, Path sslRootCert) {

    /** libpq's {@code sslmode} values that the gateway supports. */
    public enum SslMode {
        /** Plain TCP. */
        DISABLE("disable"),
        /** Encrypted, the server's certificate not checked (protects against eavesdroppers, not impostors). */
        REQUIRE("require"),
        /** Encrypted, the certificate checked against {@code sslRootCert} and the host name. */
        VERIFY_FULL("verify-full");

        private final String text;

        SslMode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** @throws IllegalArgumentException for any other value */
        public static SslMode parse(String text) {
            for (SslMode mode : values()) {
                if (mode.text.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("must be disable, require or verify-full, got '" + text + "'");
        }
    }

    public boolean embedded() {
        return host == null;
    }

    /** The embedded server: on loopback, without TLS. */
    public PgConfig withServer(String newHost, int newPort, String newDatabase, String newUser, Secret newPassword) {
        return new PgConfig(newHost, newPort, newDatabase, newUser, newPassword, poolSize, SslMode.DISABLE, null);
    }

    /**
     * The JDBC URL of the migrations, with the same TLS settings as the pools. {@code disable} is spelled out: the
     * driver's own default ({@code prefer}) would quietly encrypt where the pools do not.
     */
    public String jdbcUrl() {
        String base = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        return switch (sslMode == null ? SslMode.DISABLE : sslMode) {
            case DISABLE -> base + "?sslmode=disable";
            case REQUIRE -> base + "?sslmode=require";
            case VERIFY_FULL -> base + "?sslmode=verify-full&sslrootcert="
                    + URLEncoder.encode(sslRootCert.toString(), StandardCharsets.UTF_8);
        };
    }

    public String passwordText() {
        return password == null ? "" : password.reveal();
    }
}
