package io.taskgrid.controller.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: a read after {@code close()} waited forever for a reader connection that close had taken away (a
 * client's call arriving while the controller stops hung its RMI thread). It must fail at once, in words.
 */
class TaskStoreCloseTest {
    @TempDir
    Path dir;

    @Test
    void aReadAfterCloseFailsInsteadOfWaitingForever() throws Exception {
        TaskStore store = TaskStore.open(dir.resolve("taskgrid.db"));
        store.close();
        CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> store.find(1));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS),
                "the read ends (a TimeoutException here is the hang)");
        StoreException e = assertInstanceOf(StoreException.class, failed.getCause());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
