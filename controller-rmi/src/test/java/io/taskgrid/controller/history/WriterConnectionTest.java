package io.taskgrid.controller.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriterConnectionTest {
    private Connection c;
    private WriterConnection writer;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER NOT NULL)");
        }
        writer = new WriterConnection(Path.of("t.db"), c);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private int rows() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aTransactionCommitsOnceWithKeptStatementsThenRunsWhatFollowsTheCommit() throws Exception {
        AtomicInteger committed = new AtomicInteger();
        int inserted = writer.transaction("Cannot insert", statements -> {
            assertSame(statements.get("INSERT INTO t VALUES (?)"), statements.get("INSERT INTO t VALUES (?)"));
            for (int i = 0; i < 3; i++) {
                statements.get("INSERT INTO t VALUES (?)").setInt(1, i);
                statements.get("INSERT INTO t VALUES (?)").executeUpdate();
            }
            assertFalse(c.getAutoCommit(), "in a transaction");
            return 3;
        }, committed::incrementAndGet);
        assertEquals(3, inserted);
        assertEquals(3, rows());
        assertEquals(1, committed.get());
        assertEquals(1, writer.writes(), "one transaction, one write");
        assertTrue(c.getAutoCommit(), "auto-commit again after it");
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndSaysWhatAndWhere() throws Exception {
        AtomicInteger committed = new AtomicInteger();
        StoreException e = assertThrows(StoreException.class, () -> writer.transaction("Cannot insert", statements -> {
            statements.get("INSERT INTO t VALUES (1)").executeUpdate();
            return statements.get("INSERT INTO t VALUES (NULL)").executeUpdate();
        }, committed::incrementAndGet));
        assertTrue(e.getMessage().startsWith("Cannot insert in t.db: "), e.getMessage());
        assertEquals(0, rows(), "rolled back");
        assertEquals(0, committed.get());
        assertEquals(0, writer.writes());
        assertTrue(c.getAutoCommit());
    }

    @Test
    void anUncheckedFailureHalfwayLeavesNothingBehindEither() throws Exception {
        // sqlite-jdbc commits what is pending when auto-commit is turned back on: without a rollback, the first row stayed.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.transaction("Cannot insert", statements -> {
            statements.get("INSERT INTO t VALUES (1)").executeUpdate();
            throw new IllegalStateException("a record that cannot be bound");
        }, () -> { }));
        assertEquals("a record that cannot be bound", e.getMessage());
        assertEquals(0, rows(), "the row written before the failure was committed");
        assertEquals(0, writer.writes());
        assertTrue(c.getAutoCommit());
    }

    @Test
    void onceClosedItRefusesWritesAndTheIndexerHearsSo() throws Exception {
        writer.statement("Cannot insert", statements -> statements.get("INSERT INTO t VALUES (1)").executeUpdate());
        assertTrue(writer.locked(conn -> conn.createStatement().close()));
        assertEquals(2, writer.writes());

        assertTrue(writer.close());
        assertFalse(writer.close(), "once");
        assertTrue(c.isClosed());
        StoreException e = assertThrows(StoreException.class, () -> writer.statement("Cannot insert", statements -> 1));
        assertTrue(e.getMessage().contains("t.db is closed"), e.getMessage());
        assertThrows(StoreException.class, () -> writer.transaction("Cannot insert", statements -> 1, () -> { }));
        assertFalse(writer.locked(conn -> { }), "the indexer stops, without an exception");
    }
}
