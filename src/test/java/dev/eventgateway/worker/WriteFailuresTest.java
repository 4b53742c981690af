package dev.eventgateway.worker;

import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WriteFailuresTest {

    private final AtomicInteger probes = new AtomicInteger();

    private WriteFailures.Kind classify(Throwable failure, boolean databaseAnswers) {
        Future<WriteFailures.Kind> kind = WriteFailures.classify(failure, () -> {
            probes.incrementAndGet();
            return databaseAnswers ? Future.succeededFuture() : Future.failedFuture("connection refused");
        });
        assertThat(kind.succeeded()).isTrue();
        return kind.result();
    }

    private static PgException pg(String sqlState) {
        return new PgException("boom", "ERROR", sqlState, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23514", "23502", "22P02", "42703", "40001", "40P01"})
    void aStatementTheServerRefusesIsTheRecordsFailure(String sqlState) {
        assertThat(classify(pg(sqlState), false)).isEqualTo(WriteFailures.Kind.RECORD);
        assertThat(probes).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "57P03", "08006", "08001", "53300", "58030", "3D000", "28P01", "25006"})
    void aServerGoingAwayOrUnreachableIsAnOutage(String sqlState) {
        assertThat(classify(pg(sqlState), true)).isEqualTo(WriteFailures.Kind.OUTAGE);
    }

    @Test
    void closedConnectionsAndRefusedConnectsAreOutages() {
        assertThat(classify(ClosedConnectionException.INSTANCE, true)).isEqualTo(WriteFailures.Kind.OUTAGE);
        assertThat(classify(new ConnectException("Connection refused"), true)).isEqualTo(WriteFailures.Kind.OUTAGE);
        assertThat(classify(new VertxException(new ConnectException("refused")), true))
                .isEqualTo(WriteFailures.Kind.OUTAGE);
        assertThat(probes).hasValue(0);
    }

    @Test
    void poisonStaysPoison() {
        assertThat(classify(new PoisonRecordException("no data.from"), false)).isEqualTo(WriteFailures.Kind.POISON);
    }

    @Test
    void anAmbiguousFailureIsSettledByAskingTheDatabase() {
        VertxException poolTimeout = new VertxException("Timeout waiting for connection", true);

        assertThat(classify(poolTimeout, false)).isEqualTo(WriteFailures.Kind.OUTAGE);
        assertThat(classify(poolTimeout, true)).isEqualTo(WriteFailures.Kind.RECORD);
        assertThat(classify(new IllegalArgumentException("bad parameter"), true)).isEqualTo(WriteFailures.Kind.RECORD);
        assertThat(probes).hasValue(3);
    }

    @Test
    void aProbeThatThrowsCountsAsUnreachable() {
        Future<WriteFailures.Kind> kind = WriteFailures.classify(new IllegalStateException("x"), () -> {
            throw new IllegalStateException("pool closed");
        });
        assertThat(kind.result()).isEqualTo(WriteFailures.Kind.OUTAGE);
    }
}
