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
import java.util.function.LongSupplier;

/**
 * Copies the write-ahead log into the database file on its own thread ("taskgrid-history-checkpoint") while writes
 * come fast. Left to SQLite alone, the commit that crosses 1,000 logged pages runs the checkpoint and its fsync
 * inline: in a burst, that is the scheduler thread, every few hundred milliseconds. A passive checkpoint waits for
 * nobody: writers go on appending to the log while it copies what is already committed.
 *
 * <p>It copies only when {@link #WRITES_BETWEEN} writes or more came since its last look: in a quiet grid SQLite's own
 * checkpoint stays (it is rare there), because one from this thread every half second showed in the idle
 * submit→start tail (p99 ~56 ms against ~7 ms, interleaved), most likely as its fsyncs held up the writer's appends.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    static final Duration EVERY = Duration.ofMillis(500);
    /** Log pages from which the writer's commit checkpoints by itself (SQLite's default is 1,000). */
    static final int INLINE_PAGES = 10_000;
    /** Write transactions per look (100 a second) from which the writes count as a burst. */
    static final long WRITES_BETWEEN = 50;

    private final Connection connection;
    private final LongSupplier writes;
    private final ScheduledExecutorService thread;
    private boolean failing; // guarded by this
    private long writesAtLastLook; // guarded by this

    /** What one checkpoint found: the pages in the log, and how many of them are now in the database file. */
    record Pass(int logPages, int copiedPages) {
    }

    /**
     * Takes over {@code connection} (closed by {@link #close}) and looks every {@code every} whether to checkpoint
     * through it, or only when asked ({@link #turn}, {@link #checkpoint}) when it is null.
     *
     * @param writes the store's write transactions so far
     */
    WalCheckpointer(Connection connection, Duration every, LongSupplier writes) {
        this.connection = connection;
        this.writes = writes;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, NamedThreads.single("taskgrid-history-checkpoint"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        if (every != null) {
            thread.scheduleWithFixedDelay(this::turn, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One look: checkpoints when a burst of writes came since the last look; true when it did. */
    synchronized boolean turn() {
        long now = writes.getAsLong();
        long since = now - writesAtLastLook;
        writesAtLastLook = now;
        return since >= WRITES_BETWEEN && checkpoint().isPresent();
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
