package dev.eventgateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Blocking JDBC reads of the gateway's tables, for assertions in integration tests. */
public final class Db {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public Db(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public long count(String sql, Object... args) {
        List<Map<String, Object>> rows = query(sql, args);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    public List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + sql, e);
        }
    }

    public void execute(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.execute();
        } catch (SQLException e) {
            throw new AssertionError("statement failed: " + sql, e);
        }
    }
}
