package io.taskgrid.controller.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** How every connection to the history file is opened (writer, readers, checkpointer) and closed. */
final class Connections {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private Connections() {
    }

    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Ids are read through a kept "SELECT last_insert_rowid()" (StatementCache); left on, the driver prepares and
        // runs that query again itself after every INSERT (~5% of the controller's CPU in a burst of submissions).
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    /** Runs each pragma ("journal_mode=WAL") on {@code c}. */
    static void pragmas(Connection c, String... pragmas) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String pragma : pragmas) {
                s.execute("PRAGMA " + pragma);
            }
        }
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("Closing a database connection failed", e);
            }
        }
    }
}
