package io.taskgrid.controller.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The history's one writer connection and the lock that serialises every write on it: the task writes, the text
 * indexer's batches, and its kept statements. Counts the write transactions (the checkpointer's measure of how much
 * the log grew). Once closed, every write is refused in words.
 */
final class WriterConnection implements TextIndexer.Writer {
    private static final Logger LOG = LoggerFactory.getLogger(WriterConnection.class);

    /** A write on the writer connection, through its kept statements. */
    interface Work<T> {
        T apply(StatementCache statements) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final StatementCache statements;
    /** Written under the lock; volatile because {@link #writes} is read without it. */
    private volatile long writes;
    private boolean closed; // guarded by lock

    /** Takes over {@code connection} (closed by {@link #close}). */
    WriterConnection(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
        this.statements = new StatementCache(connection);
    }

    /**
     * Runs {@code work} in one transaction, then {@code committed} (still under the lock, e.g. to note what was
     * written); rolls back and fails with "{@code failure} in <file>: <why>" when SQLite refuses.
     */
    <T> T transaction(String failure, Work<T> work, Runnable committed) {
        synchronized (lock) {
            checkOpen();
            T result;
            try {
                connection.setAutoCommit(false);
                result = work.apply(statements);
                connection.commit();
            } catch (SQLException e) {
                rollback();
                throw failed(failure, e);
            } catch (RuntimeException e) {
                // Else turning auto-commit back on would commit the part written before it: all or nothing.
                rollback();
                throw e;
            } finally {
                autoCommit();
            }
            writes++;
            committed.run();
            return result;
        }
    }

    /** Runs {@code work} as a statement of its own (auto-commit), failing as {@link #transaction} does. */
    void statement(String failure, Work<?> work) {
        synchronized (lock) {
            checkOpen();
            try {
                work.apply(statements);
                writes++;
            } catch (SQLException e) {
                throw failed(failure, e);
            }
        }
    }

    /** Runs the text indexer's work on the connection under the lock; false once closed. */
    @Override
    public boolean locked(TextIndexer.Work work) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            try {
                work.apply(connection);
                writes++;
                return true;
            } catch (SQLException e) {
                throw failed("Cannot index the history for text search", e);
            }
        }
    }

    /** Reads what the lock guards outside the connection (a count kept by a writer, the indexer's watermark). */
    <T> T guarded(Supplier<T> read) {
        synchronized (lock) {
            return read.get();
        }
    }

    /** Write transactions so far. */
    long writes() {
        return writes;
    }

    /** Closes the statements and the connection once; true when this call closed them. */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            statements.close();
            Connections.closeQuietly(connection);
            return true;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("The history database " + file + " is closed.");
        }
    }

    private StoreException failed(String failure, SQLException e) {
        return new StoreException(failure + " in " + file + ": " + e.getMessage(), e);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed on {}", file, e);
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("Cannot reset auto-commit on {}", file, e);
        }
    }
}
