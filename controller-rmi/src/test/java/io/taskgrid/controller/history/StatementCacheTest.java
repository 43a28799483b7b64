package io.taskgrid.controller.history;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementCacheTest {
    @Test
    void preparesEachStatementOnceAndClosesThemAll() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            StatementCache cache = new StatementCache(c);
            PreparedStatement plus = cache.get("SELECT ? + 1");
            assertSame(plus, cache.get("SELECT ? + 1"));
            PreparedStatement other = cache.get("SELECT 2");
            assertNotSame(plus, other);
            for (int i = 0; i < 3; i++) { // reused with new bindings each time
                plus.setInt(1, i);
                try (ResultSet rs = plus.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i + 1, rs.getInt(1));
                }
            }
            cache.close();
            assertTrue(plus.isClosed());
            assertTrue(other.isClosed());
            assertFalse(c.isClosed(), "the connection is its owner's to close");
        }
    }
}
