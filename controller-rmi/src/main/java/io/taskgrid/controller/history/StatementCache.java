package io.taskgrid.controller.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The statements one connection runs again and again, each prepared once. In a burst of single submissions,
 * preparing the insert cost about as much as running it (a quarter of the time of a submission's write, and a sixth of
 * the scheduler thread's), since SQLite parses and plans the SQL text every time.
 *
 * <p>Not thread-safe: the lock that guards its connection guards it. Callers bind every parameter before each use and
 * do not close what they get.
 */
final class StatementCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql}, prepared on first use. */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closes every statement (before the connection closes). */
    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("Closing a prepared statement failed: {}", e.getMessage());
            }
        }
        statements.clear();
    }
}
