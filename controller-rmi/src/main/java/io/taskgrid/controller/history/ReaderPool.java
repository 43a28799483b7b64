package io.taskgrid.controller.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The history's read-only connections, lent one per read, so that a long history page never waits for, nor stalls,
 * the writer (WAL). A read waits while all are busy, but never for one that {@link #close} took away: once closed,
 * a read fails at once, in words.
 */
final class ReaderPool implements AutoCloseable {
    /** A read on a lent connection. */
    interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private final Path file;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    /** Takes over the {@code connections} (closed by {@link #close}). */
    ReaderPool(Path file, List<Connection> connections) {
        this.file = file;
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /** Opens {@code count} read-only connections to {@code file}; closes those it opened when one fails. */
    static ReaderPool open(Path file, int count) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection reader = Connections.connect(file);
                connections.add(reader);
                Connections.pragmas(reader, "query_only=ON");
            }
        } catch (SQLException | RuntimeException e) {
            connections.forEach(Connections::closeQuietly);
            throw e;
        }
        return new ReaderPool(file, connections);
    }

    /** Runs {@code work} on a connection of the pool and gives it back. */
    <T> T read(Read<T> work) {
        Connection c = take();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the history database " + file + ": " + e.getMessage(), e);
        } finally {
            idle.add(c);
            if (closed) {
                // close() may have drained the pool while this read held its connection: close what came back.
                closeIdle();
            }
        }
    }

    /** A connection; waits while all are busy, but never for one that close() took away. */
    private Connection take() {
        try {
            while (true) {
                if (closed) {
                    throw new StoreException("The history database " + file + " is closed; the controller is stopping.");
                }
                Connection c = idle.poll(200, TimeUnit.MILLISECONDS);
                if (c != null) {
                    if (closed) {
                        idle.add(c);
                        continue;
                    }
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting to read the history.", e);
        }
    }

    /** Closes the idle connections, and each lent one as it comes back; reads from now on fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        List<Connection> drained = new ArrayList<>();
        idle.drainTo(drained);
        drained.forEach(Connections::closeQuietly);
    }
}
