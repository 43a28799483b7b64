package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.sqlite.SQLiteConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQLite history: every task and every change of it. One writer connection (serialised here), and a
 * few reader connections so that a long history page never waits for, nor stalls, the writer (WAL).
 */
public final class TaskStore implements TaskHistory, AutoCloseable {
    private static final int READERS = 2;
    private static final String COLUMNS = "id, project, project_id, program, program_path, program_name, language, arguments, "
            + "data_path, email, timeout_ms, priority, state, agent_id, agent_host, exit_code, output, error_output, message, "
            + "submitted_at, started_at, ended_at, result_path, client_user, client_host, attempt, duplicate_of, "
            + "cpu_seconds, memory_bytes, bytes_read, mail_status";
    private static final String LIST_COLUMNS = COLUMNS.replace("output, error_output", "NULL AS output, NULL AS error_output");
    /** {@link #LIST_COLUMNS} of {@code tasks t}, for a join with the text index or the pending table. */
    private static final String LIST_COLUMNS_OF_T = ("t." + COLUMNS.replace(", ", ", t."))
            .replace("t.output, t.error_output", "NULL AS output, NULL AS error_output");
    /** How often the background indexer looks for tasks to add to the text index. */
    static final Duration TEXT_INDEX_PERIOD = Duration.ofMillis(500);
    /**
     * What a task's run changes. The submission's own fields (project, program, arguments, data, e-mail, limits,
     * priority, who and when) are written once by {@link #insertAll}, and the mail status by {@link #recordMailStatus}:
     * leaving them out keeps the project index untouched and each update small.
     */
    private static final String RUN_COLUMNS = "state, agent_id, agent_host, exit_code, output, error_output, message, "
            + "started_at, ended_at, result_path, attempt, duplicate_of, cpu_seconds, memory_bytes, bytes_read";
    private static final String UPDATE = "UPDATE tasks SET " + RUN_COLUMNS.replace(", ", "=?, ") + "=? WHERE id=?";
    /** The submission's columns, then {@link #RUN_COLUMNS}, then the fingerprint: 31 in all. */
    private static final String INSERT = "INSERT INTO tasks (project, project_id, program, program_path, program_name, "
            + "language, arguments, data_path, email, timeout_ms, priority, submitted_at, client_user, client_host, mail_status, "
            + RUN_COLUMNS + ", fingerprint) VALUES (" + "?,".repeat(30) + "?)";

    private final Path file;
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final Object writeLock = new Object();
    /** The writer's statements; guarded by {@link #writeLock}. */
    private final StatementCache statements;
    private final TextIndexer textIndexer;
    private final WalCheckpointer checkpointer;
    private final TextPlan.Thresholds textPlanThresholds;
    /** Write transactions so far (the checkpointer's measure of how much the log grew). */
    private final AtomicLong writes;
    /** Written under the write lock; volatile because readers look at it without taking that lock. */
    private volatile boolean closed;
    private long updateTransactions; // guarded by writeLock

    private TaskStore(Path file, Connection writer, AtomicLong writes, WalCheckpointer checkpointer,
                      TextPlan.Thresholds textPlanThresholds) throws SQLException {
        this.file = file;
        this.writer = writer;
        this.statements = new StatementCache(writer);
        this.writes = writes;
        this.textIndexer = TextIndexer.load(writer, this::locked);
        this.checkpointer = checkpointer;
        this.textPlanThresholds = textPlanThresholds;
    }

    /**
     * Opens (creating when missing) and migrates the database.
     *
     * @throws NewerSchemaException when a newer TaskGrid wrote it
     * @throws StoreException       when it cannot be opened
     */
    public static TaskStore open(Path file) {
        return open(file, TEXT_INDEX_PERIOD);
    }

    /**
     * Opens the database as {@link #open(Path)} does, with the text indexer running every {@code textIndexPeriod}
     * in the background, or only when asked ({@link #indexTextNow()}) when it is null.
     */
    static TaskStore open(Path file, Duration textIndexPeriod) {
        return open(file, textIndexPeriod, WalCheckpointer.EVERY);
    }

    /**
     * As {@link #open(Path, Duration)}, with the checkpointer looking every {@code checkpointEvery} whether a burst of
     * writes came, or only when asked ({@link #checkpointTurn}, {@link #checkpointNow}) when it is null.
     */
    static TaskStore open(Path file, Duration textIndexPeriod, Duration checkpointEvery) {
        return open(file, textIndexPeriod, checkpointEvery, TextPlan.Thresholds.DEFAULT);
    }

    /** As {@link #open(Path, Duration, Duration)}, with the text search choosing what drives at these counts. */
    static TaskStore open(Path file, Duration textIndexPeriod, Duration checkpointEvery, TextPlan.Thresholds textPlanThresholds) {
        Connection writer = null;
        List<Connection> readers = new ArrayList<>();
        try {
            writer = connect(file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                // In a burst the checkpointer's thread copies the log every half second, long before this many pages:
                // SQLite's own checkpoint, inline in a commit, only runs where writes trickle.
                s.execute("PRAGMA wal_autocheckpoint=" + WalCheckpointer.INLINE_PAGES);
                // A burst may grow the log; once copied and started over, it is cut back to this size.
                s.execute("PRAGMA journal_size_limit=" + (64L << 20));
            }
            migrate(writer, file);
            for (int i = 0; i < READERS; i++) {
                Connection reader = connect(file);
                readers.add(reader);
                try (Statement s = reader.createStatement()) {
                    s.execute("PRAGMA query_only=ON");
                }
            }
            AtomicLong writes = new AtomicLong();
            TaskStore store = new TaskStore(file, writer, writes, new WalCheckpointer(connect(file), checkpointEvery, writes::get),
                    textPlanThresholds);
            store.readers.addAll(readers);
            if (textIndexPeriod != null) {
                store.textIndexer.start(textIndexPeriod);
            }
            return store;
        } catch (SQLException e) {
            readers.forEach(TaskStore::closeQuietly);
            closeQuietly(writer);
            throw new StoreException("Cannot open the history database " + file + ": " + e.getMessage()
                    + "; check that the data folder is writable and the file is a TaskGrid database.", e);
        } catch (RuntimeException e) {
            readers.forEach(TaskStore::closeQuietly);
            closeQuietly(writer);
            throw e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
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

    private static void migrate(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
            if (version > Migrations.latest()) {
                throw new NewerSchemaException("The database " + file + " was written by a newer TaskGrid (schema " + version
                        + ", this one knows up to " + Migrations.latest() + "); run that newer TaskGrid, or give another --data-dir.");
            }
            for (int v = version; v < Migrations.latest(); v++) {
                c.setAutoCommit(false);
                try {
                    for (String sql : Migrations.STEPS.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("DELETE FROM schema_version");
                    s.execute("INSERT INTO schema_version(version) VALUES (" + (v + 1) + ")");
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The schema version of the open database. */
    public int schemaVersion() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /**
     * Inserts new tasks in one transaction and returns them with their ids. A task without a project id gets
     * {@code t<id>}.
     *
     * @param programs the program of each task (same order); inline bytes go to their own table
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs) {
        return insertAll(drafts, programs, java.util.Collections.nCopies(drafts.size(), null));
    }

    /**
     * Inserts new tasks as {@link #insertAll(List, List)} does, each with the fingerprint that
     * {@link #succeededWithFingerprint} looks up later.
     *
     * @param fingerprints one per task (same order); {@code null} for a task that takes no part in duplicate detection
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs, List<String> fingerprints) {
        return insertAll(drafts, programs, fingerprints, java.util.Collections.nCopies(drafts.size(), Map.of()));
    }

    /**
     * Inserts new tasks as {@link #insertAll(List, List, List)} does, each with the submitter's environment variables,
     * which {@link #environment} reads back to run it (they are in no {@link TaskRecord}).
     *
     * @param environments one per task (same order), empty for none
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs, List<String> fingerprints,
                                      List<Map<String, String>> environments) {
        if (drafts.size() != programs.size() || drafts.size() != fingerprints.size() || drafts.size() != environments.size()) {
            throw new IllegalArgumentException("one program, one fingerprint and one environment per task");
        }
        synchronized (writeLock) {
            checkOpen();
            List<TaskRecord> out = new ArrayList<>(drafts.size());
            try {
                writer.setAutoCommit(false);
                PreparedStatement insert = statements.get(INSERT);
                PreparedStatement lastId = statements.get("SELECT last_insert_rowid()");
                PreparedStatement setProjectId = statements.get("UPDATE tasks SET project_id=? WHERE id=?");
                PreparedStatement inline = statements.get("INSERT INTO inline_programs(task_id, file_name, content) VALUES (?,?,?)");
                for (int i = 0; i < drafts.size(); i++) {
                    TaskRecord r = drafts.get(i);
                    ProgramSource p = programs.get(i);
                    insert.setString(1, r.project());
                    insert.setString(2, r.projectId());
                    insert.setString(3, r.program());
                    insert.setString(4, p.sharedPath());
                    insert.setString(5, p.fileName());
                    insert.setString(bindRun(insert, bindSubmission(insert, 6, r), r), fingerprints.get(i));
                    insert.executeUpdate();
                    long id;
                    try (ResultSet keys = lastId.executeQuery()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    TaskRecord saved = r.toBuilder().id(id).build();
                    if (saved.projectId() == null) {
                        saved = saved.toBuilder().projectId("t" + id).build();
                        setProjectId.setString(1, saved.projectId());
                        setProjectId.setLong(2, id);
                        setProjectId.executeUpdate();
                    }
                    if (p.isInline()) {
                        inline.setLong(1, id);
                        inline.setString(2, p.fileName());
                        inline.setBytes(3, p.inlineContent());
                        inline.executeUpdate();
                        inline.clearParameters(); // a kept statement would otherwise keep the program's bytes
                    }
                    if (!environments.get(i).isEmpty()) {
                        PreparedStatement variables = statements.get(
                                "INSERT INTO task_environments(task_id, variables) VALUES (?,?)");
                        variables.setLong(1, id);
                        variables.setBytes(2, encodeVariables(environments.get(i)));
                        variables.executeUpdate();
                        variables.clearParameters(); // nor keep the variables' values
                    }
                    out.add(saved);
                }
                writer.commit();
                writes.incrementAndGet();
                return out;
            } catch (SQLException e) {
                rollback();
                throw new StoreException("Cannot record new tasks in " + file + ": " + e.getMessage(), e);
            } finally {
                autoCommit();
            }
        }
    }

    /** Writes what the run changed of existing tasks (state, agent, result, usage) in one transaction. */
    public void updateAll(List<TaskRecord> records) {
        updateAll(records, List.of());
    }

    /**
     * Writes what the run changed of existing tasks (state, agent, result, usage; not the submission's own fields,
     * which never change) and their attempts in one transaction. An attempt replaces
     * the one with the same task and number (a history written before the scheduler stopped writing an attempt when it
     * starts may hold it as RUNNING).
     */
    public void updateAll(List<TaskRecord> records, List<TaskAttempt> attempts) {
        if (records.isEmpty() && attempts.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            checkOpen();
            try {
                writer.setAutoCommit(false);
                if (!records.isEmpty()) {
                    PreparedStatement ps = statements.get(UPDATE);
                    for (TaskRecord r : records) {
                        ps.setLong(bindRun(ps, 1, r), r.id());
                        if (ps.executeUpdate() != 1) {
                            throw new SQLException("task " + r.id() + " is not in the history");
                        }
                    }
                }
                if (!attempts.isEmpty()) {
                    PreparedStatement ps = statements.get("INSERT OR REPLACE INTO task_attempts "
                            + "(task_id, attempt, agent_id, agent_host, started_at, ended_at, state, message) VALUES (?,?,?,?,?,?,?,?)");
                    for (TaskAttempt a : attempts) {
                        ps.setLong(1, a.taskId());
                        ps.setInt(2, a.attempt());
                        ps.setString(3, a.agentId());
                        ps.setString(4, a.agentHost());
                        setLong(ps, 5, nanos(a.startedAt()));
                        setLong(ps, 6, nanos(a.endedAt()));
                        ps.setString(7, a.state().name());
                        ps.setString(8, a.message());
                        ps.executeUpdate();
                    }
                }
                writer.commit();
                writes.incrementAndGet();
                updateTransactions++;
                textIndexer.written(records);
            } catch (SQLException e) {
                rollback();
                throw new StoreException("Cannot record the state of tasks in " + file + ": " + e.getMessage(), e);
            } finally {
                autoCommit();
            }
        }
    }

    /** Transactions {@link #updateAll} committed since the store opened (to see group commit work). */
    public long updateTransactions() {
        synchronized (writeLock) {
            return updateTransactions;
        }
    }

    public void update(TaskRecord record) {
        updateAll(List.of(record));
    }

    /**
     * Records what became of a task's report by mail. Only this column is written, so it never races with the
     * scheduler (which is done with the task once it ended).
     */
    public void recordMailStatus(long id, String status) {
        synchronized (writeLock) {
            checkOpen();
            try {
                PreparedStatement ps = statements.get("UPDATE tasks SET mail_status=? WHERE id=?");
                ps.setString(1, status);
                ps.setLong(2, id);
                ps.executeUpdate();
                writes.incrementAndGet();
            } catch (SQLException e) {
                throw new StoreException("Cannot record the mail report of task " + id + " in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The newest task that SUCCEEDED with this fingerprint (an index lookup), without output excerpts. */
    public Optional<TaskRecord> succeededWithFingerprint(String fingerprint) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + LIST_COLUMNS
                    + " FROM tasks WHERE fingerprint=? AND state='SUCCEEDED' ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, fingerprint);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.<TaskRecord>empty();
                }
            }
        });
    }

    /** One task with its output excerpts. */
    public Optional<TaskRecord> find(long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE id=?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.<TaskRecord>empty();
                }
            }
        });
    }

    /**
     * Every attempt of a task, first first; empty for a task that never ran (or an unknown one). A run is written to
     * task_attempts when it ends; the one going on is the task's own row (state RUNNING, its agent, start and attempt),
     * so it is read from there: one row less to write for every task a grid starts.
     */
    public List<TaskAttempt> attempts(long taskId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT task_id, attempt, agent_id, agent_host, started_at, ended_at,"
                    + " state, message FROM task_attempts WHERE task_id=?1"
                    + " UNION ALL SELECT id, attempt, agent_id, agent_host, started_at, NULL, state, NULL FROM tasks t"
                    + " WHERE id=?1 AND state='RUNNING' AND NOT EXISTS"
                    + " (SELECT 1 FROM task_attempts a WHERE a.task_id = t.id AND a.attempt = t.attempt)"
                    + " ORDER BY attempt")) {
                ps.setLong(1, taskId);
                List<TaskAttempt> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TaskAttempt(rs.getLong("task_id"), rs.getInt("attempt"), rs.getString("agent_id"),
                                rs.getString("agent_host"), instant(getLong(rs, "started_at")),
                                instant(getLong(rs, "ended_at")), TaskState.valueOf(rs.getString("state")),
                                rs.getString("message")));
                    }
                }
                return out;
            }
        });
    }

    /** The submitter's environment variables of a task, as needed to run it; empty when it has none. */
    public Map<String, String> environment(long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT variables FROM task_environments WHERE task_id=?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? decodeVariables(rs.getBytes(1)) : Map.<String, String>of();
                }
            }
        });
    }

    /** "NAME=value" entries, each ended by a NUL (which neither may hold). */
    static byte[] encodeVariables(Map<String, String> variables) {
        StringBuilder b = new StringBuilder();
        variables.forEach((name, value) -> b.append(name).append('=').append(value).append('\0'));
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Map<String, String> decodeVariables(byte[] bytes) {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (String entry : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return java.util.Collections.unmodifiableMap(variables);
    }

    /** The program of a task, as needed to run it again (inline bytes included). */
    public Optional<ProgramSource> program(long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.program_path, t.program_name, i.content FROM tasks t "
                    + "LEFT JOIN inline_programs i ON i.task_id = t.id WHERE t.id=?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ProgramSource>empty();
                    }
                    String path = rs.getString(1);
                    return Optional.of(path != null ? new ProgramSource(path, rs.getString(2), null)
                            : ProgramSource.inline(rs.getString(2), rs.getBytes(3)));
                }
            }
        });
    }

    /**
     * A page of history, newest first, without output excerpts. The text is a substring of program, project,
     * project id, agent or message, ignoring the case of ASCII letters. One of {@value TextIndex#MIN_CHARACTERS}
     * characters or more is looked up in the trigram index for the tasks it holds (up to the watermark, not
     * pending), and checked by reading the others: those above the watermark and those pending (not ended when
     * the indexer passed), all in one snapshot of the database. With a state or project filter, the smaller side
     * drives the indexed part ({@link TextPlan}). A shorter text is searched by reading the table (slower in a large
     * history, same result).
     */
    public List<TaskRecord> history(HistoryQuery q) {
        return history(q, null);
    }

    /** As {@link #history(HistoryQuery)}, with the indexed part of a text search read as {@code drive} says (for tests). */
    List<TaskRecord> history(HistoryQuery q, TextPlan.Drive drive) {
        String text = q.text() == null || q.text().isBlank() ? null : q.text();
        if (text != null && TextIndex.canFind(text)) {
            return textHistory(q, text, drive);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(LIST_COLUMNS).append(" FROM tasks t WHERE 1=1");
        List<Object> args = new ArrayList<>();
        filters(q, text, "t.id", sql, args);
        sql.append(" ORDER BY t.id DESC LIMIT ?");
        args.add(q.limit());
        return read(c -> query(c, sql.toString(), args));
    }

    /**
     * The three disjoint parts of the history a text search reads, each newest first up to the limit, merged: the
     * index for the tasks up to the watermark that are not pending, the pending tasks, the tasks above the
     * watermark. The watermark and the parts are read in one read transaction, so a batch of the indexer committed
     * meanwhile can neither hide a task nor show it twice.
     */
    private List<TaskRecord> textHistory(HistoryQuery q, String text, TextPlan.Drive drive) {
        return read(c -> {
            c.setAutoCommit(false);
            try {
                long watermark;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_up_to FROM text_watermark")) {
                    watermark = rs.next() ? rs.getLong(1) : 0;
                }
                TextPlan plan = drive == null ? TextPlan.choose(c, q, watermark, textPlanThresholds) : forced(q, drive);
                List<TaskRecord> out = new ArrayList<>();
                for (TextPart part : TextPart.of(text, watermark, plan, q.beforeId())) {
                    StringBuilder sql = new StringBuilder(part.select());
                    List<Object> args = new ArrayList<>(part.args());
                    filters(q, text, part.id(), sql, args);
                    sql.append(" ORDER BY ").append(part.id()).append(" DESC LIMIT ?");
                    args.add(q.limit());
                    out.addAll(query(c, sql.toString(), args));
                }
                out.sort(Comparator.comparingLong(TaskRecord::id).reversed());
                return out.size() > q.limit() ? new ArrayList<>(out.subList(0, q.limit())) : out;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /** A plan that drives as told, by the state when the query has one, else by the project (for tests). */
    private static TextPlan forced(HistoryQuery q, TextPlan.Drive drive) {
        if (drive == TextPlan.Drive.TEXT || (q.state() == null && q.project() == null)) {
            return TextPlan.TEXT;
        }
        return q.state() != null ? new TextPlan(drive, "state", q.state().name()) : new TextPlan(drive, "project", q.project());
    }

    /** The plan a text search with this query would choose now (for tests). */
    TextPlan textPlan(HistoryQuery q) {
        return read(c -> {
            long watermark;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_up_to FROM text_watermark")) {
                watermark = rs.next() ? rs.getLong(1) : 0;
            }
            return TextPlan.choose(c, q, watermark, textPlanThresholds);
        });
    }

    /**
     * What SQLite plans for each part of a text search with the indexed part read as {@code drive} says
     * (EXPLAIN QUERY PLAN, one line per step): for tests.
     */
    List<String> textSearchPlan(HistoryQuery q, TextPlan.Drive drive) {
        return read(c -> {
            List<String> out = new ArrayList<>();
            for (TextPart part : TextPart.of(q.text(), 0, forced(q, drive), q.beforeId())) {
                StringBuilder sql = new StringBuilder("EXPLAIN QUERY PLAN ").append(part.select());
                List<Object> args = new ArrayList<>(part.args());
                filters(q, q.text(), part.id(), sql, args);
                sql.append(" ORDER BY ").append(part.id()).append(" DESC LIMIT ?");
                args.add(q.limit());
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString("detail"));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** One part of a text search: its SQL up to the filters, what that binds, and the id it is ordered by. */
    private record TextPart(String select, List<Object> args, String id) {
        static List<TextPart> of(String text, long watermark, TextPlan plan, Long beforeId) {
            return List.of(indexed(text, watermark, plan, beforeId),
                    new TextPart("SELECT " + LIST_COLUMNS_OF_T + " FROM text_pending p CROSS JOIN tasks t ON t.id = p.id WHERE 1=1",
                            List.of(), "p.id"),
                    new TextPart("SELECT " + LIST_COLUMNS_OF_T + " FROM tasks t WHERE t.id > ?", List.of(watermark), "t.id"));
        }

        /** The tasks up to the watermark that are not pending: in the index, and in it with the values they ended with. */
        private static TextPart indexed(String text, long watermark, TextPlan plan, Long beforeId) {
            String notPending = " AND NOT EXISTS (SELECT 1 FROM text_pending p WHERE p.id = %s)";
            return switch (plan.drive()) {
                // the index drives, newest first, and stops at the limit; each candidate is read by id and checked
                case TEXT -> new TextPart("SELECT " + LIST_COLUMNS_OF_T + " FROM task_text f CROSS JOIN tasks t ON t.id = f.rowid"
                        + " WHERE task_text MATCH ? AND f.rowid <= ?" + notPending.formatted("f.rowid"),
                        List.of(TextIndex.query(text), watermark), "f.rowid");
                // the same, but a candidate's row is read only when its id is in the (small) set of the filter's ids;
                // the + keeps SQLite from handing the IN to the index as rowid lookups (one MATCH per id)
                case TEXT_IN_FILTER -> {
                    List<Object> args = new ArrayList<>(List.of(TextIndex.query(text), watermark, plan.value(), watermark));
                    String below = "";
                    if (beforeId != null) {
                        below = " AND id<?";
                        args.add(beforeId);
                    }
                    yield new TextPart("SELECT " + LIST_COLUMNS_OF_T + " FROM task_text f CROSS JOIN tasks t ON t.id = f.rowid"
                            + " WHERE task_text MATCH ? AND f.rowid <= ? AND +f.rowid IN (SELECT id FROM tasks INDEXED BY "
                            + plan.index() + " WHERE " + plan.column() + "=? AND id<=?" + below + ")" + notPending.formatted("f.rowid"),
                            args, "f.rowid");
                }
                // the (few) tasks of the filter drive, newest first; each row is checked with the text's LIKE: every task
                // up to the watermark that is not pending is in the index, so the index need not be asked
                case FILTER -> new TextPart("SELECT " + LIST_COLUMNS_OF_T + " FROM tasks t INDEXED BY " + plan.index()
                        + " WHERE t.id <= ?" + notPending.formatted("t.id"), List.of(watermark), "t.id");
            };
        }
    }

    /** Appends the state, project, beforeId and text conditions of a query on {@code tasks t}. */
    private static void filters(HistoryQuery q, String text, String id, StringBuilder sql, List<Object> args) {
        if (q.state() != null) {
            sql.append(" AND t.state=?");
            args.add(q.state().name());
        }
        if (q.project() != null) {
            sql.append(" AND t.project=?");
            args.add(q.project());
        }
        if (q.beforeId() != null) {
            sql.append(" AND ").append(id).append("<?");
            args.add(q.beforeId());
        }
        if (text != null) {
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (t.program LIKE ? ESCAPE '\\' OR t.project LIKE ? ESCAPE '\\' OR t.project_id LIKE ? ESCAPE '\\'"
                    + " OR t.agent_id LIKE ? ESCAPE '\\' OR t.message LIKE ? ESCAPE '\\')");
            for (int i = 0; i < 5; i++) {
                args.add(like);
            }
        }
    }

    private static List<TaskRecord> query(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<TaskRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        }
    }

    /** Tasks in the given state, oldest first, with output (for recovery at start). */
    public List<TaskRecord> inState(TaskState state) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE state=? ORDER BY id")) {
                ps.setString(1, state.name());
                List<TaskRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(map(rs));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Brings the text index up to date on the calling thread, batch after batch (as the background indexer does),
     * until every task is in it or pending. For tests and tools; searches are exact without it.
     */
    void indexTextNow() {
        textIndexer.catchUp();
    }

    /** The id up to which every task is in the text index or pending (the watermark). */
    long textIndexedUpTo() {
        synchronized (writeLock) {
            return textIndexer.indexedUpTo();
        }
    }

    @Override
    public void close() {
        textIndexer.close();
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            statements.close();
            closeQuietly(writer);
        }
        List<Connection> rs = new ArrayList<>();
        readers.drainTo(rs);
        rs.forEach(TaskStore::closeQuietly);
        checkpointer.close();
    }

    /** Copies the committed log into the database file now (the checkpointer does so when enough was written). */
    Optional<WalCheckpointer.Pass> checkpointNow() {
        return checkpointer.checkpoint();
    }

    /** One look of the checkpointer, as its thread takes every half second; true when it checkpointed. */
    boolean checkpointTurn() {
        return checkpointer.turn();
    }

    // ---- internals

    private interface Read<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> work) {
        Connection c = takeReader();
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the history database " + file + ": " + e.getMessage(), e);
        } finally {
            readers.add(c);
            if (closed) {
                // close() may have drained the pool while this read held its connection: close what came back.
                List<Connection> late = new ArrayList<>();
                readers.drainTo(late);
                late.forEach(TaskStore::closeQuietly);
            }
        }
    }

    /** A reader connection; waits while all are busy, but never for one that close() took away. */
    private Connection takeReader() {
        try {
            while (true) {
                if (closed) {
                    throw new StoreException("The history database " + file + " is closed; the controller is stopping.");
                }
                Connection c = readers.poll(200, TimeUnit.MILLISECONDS);
                if (c != null) {
                    if (closed) {
                        readers.add(c);
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

    /** Runs the text indexer's work under the write lock; false once the store is closed. */
    private boolean locked(TextIndexer.Work work) {
        synchronized (writeLock) {
            if (closed) {
                return false;
            }
            try {
                work.apply(writer);
                writes.incrementAndGet();
                return true;
            } catch (SQLException e) {
                throw new StoreException("Cannot index the history for text search in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("The history database " + file + " is closed.");
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(TaskStore.class).warn("Rollback failed on {}", file, e);
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(TaskStore.class).warn("Cannot reset auto-commit on {}", file, e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                org.slf4j.LoggerFactory.getLogger(TaskStore.class).warn("Closing a database connection failed", e);
            }
        }
    }

    /** Binds language .. mail_status of {@link #INSERT} starting at {@code i}; returns the next index. */
    private static int bindSubmission(PreparedStatement ps, int i, TaskRecord r) throws SQLException {
        ps.setString(i++, r.language() == null ? null : r.language().name());
        ps.setBytes(i++, encode(r.arguments()));
        ps.setString(i++, r.dataPath());
        ps.setString(i++, r.email());
        setLong(ps, i++, r.timeout() == null ? null : r.timeout().toMillis());
        ps.setInt(i++, r.priority());
        setLong(ps, i++, nanos(r.submittedAt()));
        ps.setString(i++, r.clientUser());
        ps.setString(i++, r.clientHost());
        ps.setString(i++, r.mailStatus());
        return i;
    }

    /** Binds {@link #RUN_COLUMNS} starting at {@code i}; returns the next index. */
    private static int bindRun(PreparedStatement ps, int i, TaskRecord r) throws SQLException {
        ps.setString(i++, r.state().name());
        ps.setString(i++, r.agentId());
        ps.setString(i++, r.agentHost());
        setLong(ps, i++, r.exitCode() == null ? null : r.exitCode().longValue());
        ps.setString(i++, r.output());
        ps.setString(i++, r.errorOutput());
        ps.setString(i++, r.message());
        setLong(ps, i++, nanos(r.startedAt()));
        setLong(ps, i++, nanos(r.endedAt()));
        ps.setString(i++, r.resultPath());
        ps.setInt(i++, r.attempt());
        setLong(ps, i++, r.duplicateOf());
        if (r.usage() == null) {
            ps.setNull(i++, Types.REAL);
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setDouble(i++, r.usage().cpuSeconds());
            ps.setLong(i++, r.usage().memoryBytes());
            ps.setLong(i++, r.usage().bytesRead());
        }
        return i;
    }

    private static TaskRecord map(ResultSet rs) throws SQLException {
        String language = rs.getString("language");
        Long timeout = getLong(rs, "timeout_ms");
        Long exit = getLong(rs, "exit_code");
        double cpu = rs.getDouble("cpu_seconds");
        ResourceUsage usage = rs.wasNull() ? null : new ResourceUsage(cpu, rs.getLong("memory_bytes"), rs.getLong("bytes_read"));
        return TaskRecord.builder()
                .id(rs.getLong("id"))
                .project(rs.getString("project"))
                .projectId(rs.getString("project_id"))
                .program(rs.getString("program"))
                .language(language == null ? null : Language.valueOf(language))
                .arguments(decode(rs.getBytes("arguments")))
                .dataPath(rs.getString("data_path"))
                .email(rs.getString("email"))
                .timeout(timeout == null ? null : Duration.ofMillis(timeout))
                .priority(rs.getInt("priority"))
                .state(TaskState.valueOf(rs.getString("state")))
                .agentId(rs.getString("agent_id"))
                .agentHost(rs.getString("agent_host"))
                .exitCode(exit == null ? null : exit.intValue())
                .output(rs.getString("output"))
                .errorOutput(rs.getString("error_output"))
                .message(rs.getString("message"))
                .submittedAt(instant(getLong(rs, "submitted_at")))
                .startedAt(instant(getLong(rs, "started_at")))
                .endedAt(instant(getLong(rs, "ended_at")))
                .resultPath(rs.getString("result_path"))
                .clientUser(rs.getString("client_user"))
                .clientHost(rs.getString("client_host"))
                .attempt(rs.getInt("attempt"))
                .duplicateOf(getLong(rs, "duplicate_of"))
                .usage(usage)
                .mailStatus(rs.getString("mail_status"))
                .build();
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Instants are kept to the nanosecond (epoch nanoseconds fit a long until 2262). */
    static Long nanos(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static byte[] encode(List<String> args) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(args.size());
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> decode(byte[] blob) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(new String(b, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
