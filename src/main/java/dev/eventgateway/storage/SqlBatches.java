package dev.eventgateway.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement run once per parameter tuple, in order, as one pipelined batch (vertx-pg-client's
 * {@code executeBatch}): a single round trip for a whole poll's records, each execution still its own statement, so
 * it sees the rows of the ones before it.
 */
public final class SqlBatches {

    private SqlBatches() {
    }

    /** @return for each tuple, in order, whether its execution affected (or returned) a row; no round trip if empty */
    public static Future<List<Boolean>> affected(SqlClient sql, String statement, List<Tuple> tuples) {
        if (tuples.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return sql.preparedQuery(statement).executeBatch(tuples).map(first -> {
            List<Boolean> affected = new ArrayList<>(tuples.size());
            for (RowSet<?> rows = first; rows != null; rows = rows.next()) {
                affected.add(rows.rowCount() > 0);
            }
            return affected;
        });
    }

    public static Future<Void> run(SqlClient sql, String statement, List<Tuple> tuples) {
        return tuples.isEmpty() ? Future.succeededFuture()
                : sql.preparedQuery(statement).executeBatch(tuples).mapEmpty();
    }

    /** The values whose flag is true, in order: e.g. the records whose insert created a row. */
    public static <T> List<T> where(List<T> values, List<Boolean> flags) {
        List<T> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (flags.get(i)) {
                out.add(values.get(i));
            }
        }
        return out;
    }
}
