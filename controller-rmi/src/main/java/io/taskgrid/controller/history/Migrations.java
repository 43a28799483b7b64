package io.taskgrid.controller.history;

import java.util.List;

/** The ordered schema migrations; migration {@code i} (0-based) brings the schema to version {@code i + 1}. */
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
            // 3: every run of a task with its agent, written in the same transaction as the task's own change
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
            // text's trigrams (detail=none: no positions, no columns, no column sizes; a quarter of the size with
            // them); the query checks those few rows with the same LIKE as before. No copy of the text either (its
            // content is the tasks table). The store keeps it in step (TextIndex), in the transaction that writes
            // the tasks, one statement per batch: triggers would write it a row at a time, ten times the cost. A task
            // deleted by hand (pruning the history in SQL) leaves it through the trigger. Existing rows are indexed
            // here ('rebuild').
            List.of("""
                    CREATE VIRTUAL TABLE task_text USING fts5(program, project, project_id, agent_id, message,
                      content='tasks', content_rowid='id', tokenize='trigram', detail='none', columnsize=0)""",
                    """
                    CREATE TRIGGER task_text_delete AFTER DELETE ON tasks BEGIN
                      INSERT INTO task_text(task_text, rowid, program, project, project_id, agent_id, message)
                        VALUES ('delete', old.id, old.program, old.project, old.project_id, old.agent_id, old.message);
                    END""",
                    "INSERT INTO task_text(task_text) VALUES ('rebuild')"));

    static int latest() {
        return STEPS.size();
    }

    private Migrations() {
    }
}
