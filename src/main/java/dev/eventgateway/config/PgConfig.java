package dev.eventgateway.config;

import dev.eventgateway.webhook.Secret;

/**
 * PostgreSQL. {@code host} null means the embedded server is started and filled in with {@link #withServer}.
 */
public record PgConfig(String host, int port, String database, String user, Secret password, int poolSize) {

    public boolean embedded() {
        return host == null;
    }

    public PgConfig withServer(String newHost, int newPort, String newDatabase, String newUser, Secret newPassword) {
        return new PgConfig(newHost, newPort, newDatabase, newUser, newPassword, poolSize);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String passwordText() {
        return password == null ? "" : password.reveal();
    }
}
