package dev.eventgateway.storage.query;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;

/** Column reading shared by the read-side queries: one timestamp format (ISO-8601 UTC) for every answer. */
final class Rows {

    private Rows() {
    }

    /** {@code 2026-06-05T10:30:00.412Z}, or null. */
    static String time(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant().toString();
    }

    /** A jsonb column as the JSON value it holds (object, array, scalar), or null. */
    static Object json(Row row, String column) {
        Object value = row.getJson(column);
        return value == null || value == io.vertx.sqlclient.Tuple.JSON_NULL ? null : value;
    }

    /** {@code {"sentAt":…, …}} from the given timestamp columns, named by dropping {@code _at} and camel-casing. */
    static JsonObject times(Row row, String... columns) {
        JsonObject out = new JsonObject();
        for (String column : columns) {
            out.put(camel(column), time(row, column));
        }
        return out;
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
