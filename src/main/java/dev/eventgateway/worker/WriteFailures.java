package dev.eventgateway.worker;

import io.vertx.core.Future;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The one place deciding what a failed write means, because the two answers lead to opposite actions:
 * <ul>
 *   <li>{@link Kind#OUTAGE} — the database is unreachable. Nothing is wrong with the record: the worker pauses, keeps
 *       retrying the same record with capped back-off, reports itself unready, and never counts these tries against
 *       the record (an outage must not push good records into the dead-letter topic).</li>
 *   <li>{@link Kind#RECORD} — the database answered and refused this write. The record gets its bounded attempts,
 *       then goes to the dead-letter topic.</li>
 *   <li>{@link Kind#POISON} — the record can never succeed: straight to the dead-letter topic.</li>
 * </ul>
 * Decided from the failure itself where it speaks clearly: a server error with a SQLSTATE is the database refusing
 * the write, unless the SQLSTATE says the server is going away, unreachable or out of resources; a closed connection
 * or an I/O error is an outage. Anything else (a pool timeout, an unexpected client error) is settled by asking the
 * database a trivial query: if it answers, the failure was the record's.
 */
public final class WriteFailures {

    /** What a failed write means for its record. */
    public enum Kind { POISON, OUTAGE, RECORD }

    private WriteFailures() {
    }

    /**
     * @param probe a trivial query ({@code SELECT 1}) on the same pool; asked only when the failure is ambiguous
     * @return never failed
     */
    public static Future<Kind> classify(Throwable failure, Supplier<Future<?>> probe) {
        Kind known = known(failure);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        Future<?> answer;
        try {
            answer = probe.get();
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.map(ok -> Kind.RECORD).otherwise(Kind.OUTAGE);
    }

    /** The kind the failure alone shows, or null when only the database can tell. */
    static Kind known(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return Kind.POISON;
            }
            if (t instanceof DatabaseException db) {
                return serverGone(db.getSqlState()) ? Kind.OUTAGE : Kind.RECORD;
            }
            if (t instanceof ClosedConnectionException || t instanceof IOException) {
                return Kind.OUTAGE; // includes connection refused and connect timeouts (java.net.ConnectException)
            }
        }
        return null;
    }

    /**
     * SQLSTATEs that say nothing about the statement: 08 connection exception, 28 invalid authorization, 3D000 no
     * such database, 53 insufficient resources, 57P01-57P03 shutdown / starting up, 58 system error (I/O), 25006 a
     * read-only server (a failover in progress).
     */
    static boolean serverGone(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return false;
        }
        String cls = sqlState.substring(0, 2);
        return cls.equals("08") || cls.equals("28") || cls.equals("53") || cls.equals("58")
                || sqlState.equals("3D000") || sqlState.equals("25006")
                || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03");
    }
}
