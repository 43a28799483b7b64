package io.taskgrid.controller.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Everything open on the history file, and its one owner: the writer connection, the reader pool, and the two
 * background threads that work on the file (the text indexer, "taskgrid-text-index", and the checkpointer,
 * "taskgrid-history-checkpoint"). Opens them in order, migrating the schema first, and closes them in order:
 * the indexer (it writes), the writer, the readers, the checkpointer (SQLite's last close checkpoints what is left).
 */
final class HistoryDatabase implements AutoCloseable {
    private static final int READERS = 2;

    private final Path file;
    private final WriterConnection writer;
    private final ReaderPool readers;
    private final TextIndexer textIndexer;
    private final WalCheckpointer checkpointer;

    private HistoryDatabase(Path file, WriterConnection writer, ReaderPool readers, TextIndexer textIndexer,
                            WalCheckpointer checkpointer) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.textIndexer = textIndexer;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens (creating when missing) and migrates the database; the text indexer runs every {@code textIndexPeriod}
     * and the checkpointer looks every {@code checkpointEvery}, or each only when asked when its period is null.
     *
     * @throws NewerSchemaException when a newer TaskGrid wrote it
     * @throws StoreException       when it cannot be opened
     */
    static HistoryDatabase open(Path file, Duration textIndexPeriod, Duration checkpointEvery) {
        Connection connection = null;
        ReaderPool readers = null;
        try {
            connection = Connections.connect(file);
            Connections.pragmas(connection, "journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                    // In a burst the checkpointer's thread copies the log every half second, long before this many pages:
                    // SQLite's own checkpoint, inline in a commit, only runs where writes trickle.
                    "wal_autocheckpoint=" + WalCheckpointer.INLINE_PAGES,
                    // A burst may grow the log; once copied and started over, it is cut back to this size.
                    "journal_size_limit=" + (64L << 20));
            Migrations.apply(connection, file);
            readers = ReaderPool.open(file, READERS);
            WriterConnection writer = new WriterConnection(file, connection);
            TextIndexer textIndexer = TextIndexer.load(connection, writer);
            WalCheckpointer checkpointer = new WalCheckpointer(Connections.connect(file), checkpointEvery, writer::writes);
            if (textIndexPeriod != null) {
                textIndexer.start(textIndexPeriod);
            }
            return new HistoryDatabase(file, writer, readers, textIndexer, checkpointer);
        } catch (SQLException e) {
            closeOnFailure(readers, connection);
            throw new StoreException("Cannot open the history database " + file + ": " + e.getMessage()
                    + "; check that the data folder is writable and the file is a TaskGrid database.", e);
        } catch (RuntimeException e) {
            closeOnFailure(readers, connection);
            throw e;
        }
    }

    private static void closeOnFailure(ReaderPool readers, Connection writer) {
        if (readers != null) {
            readers.close();
        }
        Connections.closeQuietly(writer);
    }

    Path file() {
        return file;
    }

    WriterConnection writer() {
        return writer;
    }

    ReaderPool readers() {
        return readers;
    }

    TextIndexer textIndexer() {
        return textIndexer;
    }

    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** Stops the indexer, then closes the writer, the readers and the checkpointer, once. */
    @Override
    public void close() {
        textIndexer.close();
        if (!writer.close()) {
            return;
        }
        readers.close();
        checkpointer.close();
    }
}
