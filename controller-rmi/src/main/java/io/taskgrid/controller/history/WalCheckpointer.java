package io.taskgrid.controller.history;

import io.taskgrid.controller.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Copies the write-ahead log into the database file on its own thread ("taskgrid-history-checkpoint"), so the
 * writer never does it. Left to SQLite, the commit that crosses 1,000 logged pages runs the checkpoint and its
 * fsync inline: on the scheduler thread, in the middle of a burst. A passive checkpoint waits for nobody: writers go
 * on appending to the log while it copies what is already committed.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    static final Duration EVERY = Duration.ofMillis(500);

    private final Connection connection;
    private final ScheduledExecutorService thread;
    private boolean failing; // guarded by this

    /** What one checkpoint found: the pages in the log, and how many of them are now in the database file. */
    record Pass(int logPages, int copiedPages) {
    }

    /**
     * Takes over {@code connection} (closed by {@link #close}) and checkpoints through it every {@code every}, or
     * only when asked ({@link #checkpoint}) when it is null.
     */
    WalCheckpointer(Connection connection, Duration every) {
        this.connection = connection;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, NamedThreads.single("taskgrid-history-checkpoint"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        if (every != null) {
            thread.scheduleWithFixedDelay(this::checkpoint, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs one passive checkpoint now; empty when it failed (it is tried again at the next turn). */
    synchronized Optional<Pass> checkpoint() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            Pass pass = rs.next() ? new Pass(rs.getInt(2), rs.getInt(3)) : new Pass(0, 0);
            if (failing) {
                LOG.info("Checkpointing the history's log works again.");
                failing = false;
            }
            return Optional.of(pass);
        } catch (SQLException e) {
            if (!failing) {
                // The log keeps everything meanwhile; nothing is lost, it only grows until a checkpoint succeeds.
                LOG.warn("Cannot copy the history's log into the database file ({}); will try again.", e.getMessage());
                failing = true;
            }
            return Optional.empty();
        }
    }

    /** Stops the thread, then closes the connection (SQLite's last close checkpoints what is left). Idempotent. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The history checkpoint did not finish within 10 s; closing its connection anyway.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the history checkpoint connection failed: {}", e.getMessage());
        }
    }
}
