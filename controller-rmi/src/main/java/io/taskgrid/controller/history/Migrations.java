package io.taskgrid.controller.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ordered schema migrations, and how they are applied; migration {@code i} (0-based) brings the schema to
 * version {@code i + 1}.
 */
final class Migrations {
    static final List<List<String>> STEPS = List.of(
            List.of("""
                    CREATE TABLE tasks (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      project TEXT NOT NULL,
                      project_id TEXT,
                      program TEXT NOT NULL,
                      program_path TEXT,
                      program_name TEXT NOT NULL,
                      language TEXT,
                      arguments BLOB NOT NULL,
                      data_path TEXT,
                      email TEXT,
                      timeout_ms INTEGER,
                      priority INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      agent_id TEXT,
                      agent_host TEXT,
                      exit_code INTEGER,
                      output TEXT,
                      error_output TEXT,
                      message TEXT,
                      submitted_at INTEGER NOT NULL,
                      started_at INTEGER,
                      ended_at INTEGER,
                      result_path TEXT,
                      client_user TEXT,
                      client_host TEXT,
                      attempt INTEGER NOT NULL,
                      duplicate_of INTEGER,
                      cpu_seconds REAL,
                      memory_bytes INTEGER,
                      bytes_read INTEGER)""",
                    """
                    CREATE TABLE inline_programs (
                      task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
                      file_name TEXT NOT NULL,
                      content BLOB NOT NULL)""",
                    "CREATE INDEX tasks_by_state ON tasks(state, id)",
                    "CREATE INDEX tasks_by_project ON tasks(project, id)"),
            // 2: what became of the report by mail; the fingerprint of program, data and arguments that finds
            // an earlier task with the same result (duplicate detection), indexed for that one lookup
            List.of("ALTER TABLE tasks ADD COLUMN mail_status TEXT",
                    "ALTER TABLE tasks ADD COLUMN fingerprint TEXT",
                    "CREATE INDEX tasks_by_fingerprint ON tasks(fingerprint, state, id) WHERE fingerprint IS NOT NULL"),
            // 3: every run of a task with its agent, written in the same transaction as the task's change that ends the run
            // (the run going on is the task's own row: TaskStore.attempts)
            List.of("""
                    CREATE TABLE task_attempts (
                      task_id INTEGER NOT NULL REFERENCES tasks(id),
                      attempt INTEGER NOT NULL,
                      agent_id TEXT,
                      agent_host TEXT,
                      started_at INTEGER,
                      ended_at INTEGER,
                      state TEXT NOT NULL,
                      message TEXT,
                      PRIMARY KEY (task_id, attempt))"""),
            // 4: a trigram index of the five columns that `history --text` searches, so that a text of three
            // characters or more is looked up instead of read from every row. It only says which tasks hold all the
            // text's trigrams (detail=none: no positions); the query checks those rows with the same LIKE as before.
            // No copy of the text (content=''); contentless_delete lets a task leave it by id alone.
            // It is written OFF the tasks' own writes, by a background indexer (TextIndexer): every task with an id
            // up to text_watermark is either in the index with the values it ended with, or listed in text_pending
            // (it was queued or running when the indexer passed; its agent and message still change). A search reads
            // the index for the rest, and the few rows above the watermark and the pending ones directly. The
            // watermark starts at 0: an existing history is indexed in the background after this migration, and is
            // searched correctly (more slowly) meanwhile. A task deleted by hand (pruning in SQL) leaves both.
            List.of("""
                    CREATE VIRTUAL TABLE task_text USING fts5(program, project, project_id, agent_id, message,
                      content='', contentless_delete=1, tokenize='trigram', detail='none')""",
                    "CREATE TABLE text_watermark (indexed_up_to INTEGER NOT NULL)",
                    "INSERT INTO text_watermark(indexed_up_to) VALUES (0)",
                    "CREATE TABLE text_pending (id INTEGER PRIMARY KEY)",
                    """
                    CREATE TRIGGER task_text_delete AFTER DELETE ON tasks BEGIN
                      DELETE FROM task_text WHERE rowid = old.id;
                      DELETE FROM text_pending WHERE id = old.id;
                    END"""),
            // 5: the fingerprint index without the state. SQLite rewrites an index entry on every UPDATE that sets one
            // of its columns, and fingerprints are hashes: each change of a task's state dirtied a page anywhere in
            // this index, which doubled the cost of writing a state and the bytes written in a burst. The lookup of an
            // earlier success reads the state from the rows of its fingerprint instead: usually one or two; a program
            // forced through thousands of times without ever succeeding makes it read that many (a few ms).
            List.of("DROP INDEX tasks_by_fingerprint",
                    "CREATE INDEX tasks_by_fingerprint ON tasks(fingerprint) WHERE fingerprint IS NOT NULL"),
            // 6: the submitter's environment variables of a task (submit --env), kept so that a restarted controller
            // still runs a queued task with them; "NAME=value" entries, each ended by a NUL. A row only for a task that
            // has some. Never shown: the records that clients read do not carry them.
            List.of("""
                    CREATE TABLE task_environments (
                      task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
                      variables BLOB NOT NULL)""",
                    """
                    CREATE TRIGGER task_environment_delete AFTER DELETE ON tasks BEGIN
                      DELETE FROM task_environments WHERE task_id = old.id;
                    END"""),
            // 7: who held a queued task (taskgrid hold, submit --hold): it stays in the queue without starting until it
            // is released; NULL for every other task, so existing rows need nothing.
            List.of("ALTER TABLE tasks ADD COLUMN held_by TEXT"),
            // 8: agents an administrator drained (taskgrid drain), by agent id, so that neither the agent's restart nor
            // the controller's brings a host back into service during its maintenance; a row until it is resumed.
            List.of("""
                    CREATE TABLE agent_drains (
                      agent_id TEXT PRIMARY KEY,
                      reason TEXT NOT NULL,
                      drained_by TEXT,
                      drained_at INTEGER NOT NULL)"""),
            // 9: the agent labels a task requires and avoids (submit --require gpu --require '!big-mem'), written once
            // with the submission as "gpu,!big-mem", so that a restarted controller queues it for the same agents;
            // NULL for a task without requirements, so existing rows need nothing.
            List.of("ALTER TABLE tasks ADD COLUMN requirements TEXT"),
            // 10: the CPUs and memory a task asked for (submit --cpus 4 --memory 2G), written once with the submission,
            // NULL for the default (1 CPU, no memory), so existing rows need nothing; and the most memory its process tree
            // was measured at, written with its usage.
            List.of("ALTER TABLE tasks ADD COLUMN cpus INTEGER", "ALTER TABLE tasks ADD COLUMN memory_request INTEGER",
                    "ALTER TABLE tasks ADD COLUMN peak_memory_bytes INTEGER"),
            // 11: retries on failure (submit --retries 3 --retry-delay 30s --retry-on-exit 75,137), written once with the
            // submission, NULL for a task that is not retried; how many it has had, and when one that waits for its
            // delay goes back to its queue (NULL while none waits), written with each run, so that a restarted controller
            // retries it at the same time, once. Existing rows need nothing.
            List.of("ALTER TABLE tasks ADD COLUMN retries INTEGER", "ALTER TABLE tasks ADD COLUMN retry_delay_ms INTEGER",
                    "ALTER TABLE tasks ADD COLUMN retry_on_exit TEXT", "ALTER TABLE tasks ADD COLUMN retries_used INTEGER",
                    "ALTER TABLE tasks ADD COLUMN retry_at INTEGER"),
            // 12: the text index rewrites its segments only as its own merges go, not all at once inside the delete that
            // crosses 10 % of deleted rows (FTS5's default 'deletemerge'): that one delete held the writer for seconds
            // while retention deleted old tasks (bench retention: 3.7 s for one batch of 500; 25-28 ms with 0).
            List.of("INSERT INTO task_text(task_text, rank) VALUES ('deletemerge', 0)"),
            // 13: task arrays (submit --array 1-1000:2%10): each member is a task row naming its array (the id of the
            // first member, which keeps the inline program for all) and its index; the array's indexes and limit once,
            // on their own. Dependencies (submit --after 41): one row per task and task (or array) it waits for.
            List.of("ALTER TABLE tasks ADD COLUMN array_id INTEGER", "ALTER TABLE tasks ADD COLUMN array_index INTEGER",
                    "CREATE INDEX tasks_by_array ON tasks(array_id) WHERE array_id IS NOT NULL",
                    """
                    CREATE TABLE task_arrays (
                      array_id INTEGER PRIMARY KEY,
                      first_index INTEGER NOT NULL,
                      last_index INTEGER NOT NULL,
                      step INTEGER NOT NULL,
                      run_limit INTEGER NOT NULL)""",
                    """
                    CREATE TABLE task_dependencies (
                      task_id INTEGER NOT NULL,
                      kind TEXT NOT NULL,
                      parent_id INTEGER NOT NULL,
                      PRIMARY KEY (task_id, kind, parent_id)) WITHOUT ROWID""",
                    "CREATE INDEX dependencies_by_parent ON task_dependencies(parent_id)",
                    """
                    CREATE TRIGGER task_dependencies_delete AFTER DELETE ON tasks BEGIN
                      DELETE FROM task_dependencies WHERE task_id = old.id;
                      DELETE FROM task_arrays WHERE array_id = old.id;
                    END"""));

    static int latest() {
        return STEPS.size();
    }

    /** The schema version of the database on {@code c} (0 before the first migration). */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the database on {@code c} to the latest schema, each migration in a transaction of its own.
     *
     * @throws NewerSchemaException when a newer TaskGrid wrote it
     */
    static void apply(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = version(c);
            if (version > latest()) {
                throw new NewerSchemaException("The database " + file + " was written by a newer TaskGrid (schema " + version
                        + ", this one knows up to " + latest() + "); run that newer TaskGrid, or give another --data-dir.");
            }
            for (int v = version; v < latest(); v++) {
                c.setAutoCommit(false);
                try {
                    for (String sql : STEPS.get(v)) {
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

    private Migrations() {
    }
}
