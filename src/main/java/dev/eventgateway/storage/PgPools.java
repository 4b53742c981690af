package dev.eventgateway.storage;

import dev.eventgateway.config.PgConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Non-blocking PostgreSQL pools (vertx-pg-client): safe to use on the event loop. */
public final class PgPools {

    private PgPools() {
    }

    public static PgConnectOptions connectOptions(PgConfig pg) {
        return withTls(new PgConnectOptions(), pg)
                .setHost(pg.host())
                .setPort(pg.port())
                .setDatabase(pg.database())
                .setUser(pg.user())
                .setPassword(pg.passwordText())
                // the workers run the same few statements for every record: parse and plan each once per connection
                .setCachePreparedStatements(true)
                .setReconnectAttempts(2)
                .setReconnectInterval(500);
    }

    /** {@code postgres.sslMode}: the same TLS as the migrations' JDBC URL ({@link PgConfig#jdbcUrl}). */
    private static PgConnectOptions withTls(PgConnectOptions options, PgConfig pg) {
        PgConfig.SslMode mode = pg.sslMode() == null ? PgConfig.SslMode.DISABLE : pg.sslMode();
        return switch (mode) {
            case DISABLE -> options.setSslMode(SslMode.DISABLE);
            case REQUIRE -> options.setSslMode(SslMode.REQUIRE)
                    .setSslOptions(new ClientSSLOptions().setTrustAll(true));
            case VERIFY_FULL -> options.setSslMode(SslMode.VERIFY_FULL)
                    .setSslOptions(new ClientSSLOptions()
                            .setTrustOptions(new PemTrustOptions().addCertPath(pg.sslRootCert().toString()))
                            .setHostnameVerificationAlgorithm("HTTPS"));
        };
    }

    /** A pool shared by name across verticles of the process; closed when its last user closes it. */
    public static Pool shared(Vertx vertx, PgConfig pg, String name) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(pg.poolSize()).setShared(true).setName(name)
                        .setConnectionTimeout(5).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
                .connectingTo(connectOptions(pg))
                .using(vertx)
                .build();
    }
}
