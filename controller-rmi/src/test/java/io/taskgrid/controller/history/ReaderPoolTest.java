package io.taskgrid.controller.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderPoolTest {
    @TempDir
    Path dir;

    @Test
    void readsOnReadOnlyConnections() throws Exception {
        try (ReaderPool pool = ReaderPool.open(dir.resolve("t.db"), 1)) {
            assertEquals(1, pool.<Integer>read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
            StoreException e = assertThrows(StoreException.class, () -> pool.read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("CREATE TABLE t (x)");
                }
            }));
            assertTrue(e.getMessage().startsWith("Cannot read the history database "), e.getMessage());
        }
    }

    @Test
    void aReadWaitingForABusyPoolFailsOnCloseAndTheLentConnectionIsClosedWhenItComesBack() throws Exception {
        ReaderPool pool = ReaderPool.open(dir.resolve("t.db"), 1);
        CountDownLatch lent = new CountDownLatch(1);
        CountDownLatch giveBack = new CountDownLatch(1);
        AtomicReference<Connection> held = new AtomicReference<>();
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> pool.read(c -> {
            held.set(c);
            lent.countDown();
            await(giveBack);
            return true;
        }));
        assertTrue(lent.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> pool.read(c -> true));
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "the only connection is lent: the second read waits");

        pool.close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS),
                "the waiting read ends once the pool closed (a TimeoutException here is a hang)");
        StoreException e = assertInstanceOf(StoreException.class, failed.getCause());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertFalse(held.get().isClosed(), "a lent connection is not closed under its read");

        giveBack.countDown();
        assertTrue(holder.get(10, TimeUnit.SECONDS), "the read that held it finishes");
        assertTrue(held.get().isClosed(), "closed as it came back");
    }

    private static void await(CountDownLatch latch) throws SQLException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
        }
    }
}
