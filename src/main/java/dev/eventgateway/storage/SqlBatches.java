package dev.eventgateway.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One statement run once per parameter tuple, in order, as one pipelined batch (vertx-pg-client's
 * {@code executeBatch}): a single round trip for a whole poll's records, each execution still its own statement, so
 * it sees the rows of the ones before it. And, for inserts that only add rows ({@link #insertNew}), multi-row
 * {@code VALUES} statements: one execution for many rows.
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

    /**
     * Row counts of the multi-row statements {@link #insertNew} uses: a batch is cut into chunks of these sizes,
     * largest first, so that a connection prepares at most this many variants of a statement.
     */
    private static final int[] CHUNKS = {128, 32, 8, 1};

    /**
     * Inserts rows whose first column is their key, skipping the keys already stored, with multi-row {@code VALUES}
     * statements (one execution per chunk of up to 128 rows, all chunks pipelined: one round trip) instead of one
     * execution per row: PostgreSQL's per-statement cost (bind, executor start and end, the reply) is paid per chunk.
     *
     * @param insertInto {@code INSERT INTO table (columns…)}, the first column the key
     * @param onConflict what follows the {@code VALUES} lists: {@code ON CONFLICT (key) DO NOTHING RETURNING key}
     * @param columns    values per row
     * @param rows       the rows, each a tuple of {@code columns} values, the key (text) first
     * @return for each row, in order, whether it was new: its key was not stored before, nor by an earlier row of
     *         the same call (a key twice in one call is stored once, as one execution per row would)
     */
    public static Future<List<Boolean>> insertNew(SqlClient sql, String insertInto, String onConflict, int columns,
                                                  List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Future<RowSet<io.vertx.sqlclient.Row>>> chunks = new ArrayList<>();
        int from = 0;
        for (int size : CHUNKS) {
            while (rows.size() - from >= size) {
                chunks.add(sql.preparedQuery(multiRow(insertInto, onConflict, columns, size))
                        .execute(flatten(rows.subList(from, from + size), columns)));
                from += size;
            }
        }
        return Future.all(chunks).map(done -> {
            Set<String> inserted = new HashSet<>();
            for (Future<RowSet<io.vertx.sqlclient.Row>> chunk : chunks) {
                chunk.result().forEach(row -> inserted.add(row.getString(0)));
            }
            List<Boolean> fresh = new ArrayList<>(rows.size());
            for (Tuple row : rows) {
                // the first row of a key takes its insert; a repeat of it in the same call is not new
                fresh.add(inserted.remove(row.getString(0)));
            }
            return fresh;
        });
    }

    /** {@code insertInto VALUES ($1, …, $columns), …} for {@code rows} rows, then {@code onConflict}. */
    static String multiRow(String insertInto, String onConflict, int columns, int rows) {
        StringBuilder sql = new StringBuilder(insertInto).append(" VALUES ");
        int n = 1;
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns; c++) {
                sql.append(c == 0 ? "$" : ", $").append(n++);
            }
            sql.append(')');
        }
        return sql.append(' ').append(onConflict).toString();
    }

    private static Tuple flatten(List<Tuple> rows, int columns) {
        Tuple all = Tuple.tuple();
        for (Tuple row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("a row of " + row.size() + " values, not " + columns);
            }
            for (int c = 0; c < columns; c++) {
                all.addValue(row.getValue(c));
            }
        }
        return all;
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
