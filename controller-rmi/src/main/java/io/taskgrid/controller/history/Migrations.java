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
                      PRIMARY KEY (task_id, attempt))"""));

    static int latest() {
        return STEPS.size();
    }

    private Migrations() {
    }
}
