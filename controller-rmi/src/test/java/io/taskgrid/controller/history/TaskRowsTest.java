package io.taskgrid.controller.history;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record bound by {@link TaskRows} and read back by it is the same record, every column in its place. */
class TaskRowsTest {
    private Connection c;

    @BeforeEach
    void schema() throws Exception {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Migrations.apply(c, Path.of(":memory:"));
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private static TaskRecord everyField() {
        return TaskRecord.builder().project("alpha").projectId("run-7").program("p.py").language(Language.PYTHON)
                .arguments(List.of("a b", "", "ü")).dataPath("d.csv").email("ann@example.org").timeout(Duration.ofSeconds(30))
                .priority(3).state(TaskState.SUCCEEDED).agentId("agent-1").agentHost("h1").exitCode(-2).output("out")
                .errorOutput("err").message("ok").submittedAt(Instant.parse("1969-12-31T23:59:59.123456789Z"))
                .startedAt(Instant.parse("2024-01-02T03:04:06Z")).endedAt(Instant.parse("2024-01-02T03:04:07.5Z"))
                .resultPath("results/alpha/1").clientUser("ann").clientHost("127.0.0.1").attempt(2).duplicateOf(9L)
                .usage(new ResourceUsage(1.5, 1024, 2048)).mailStatus("sent").heldBy("bob")
                .requirements(io.taskgrid.api.task.Requirements.parse(List.of("gpu", "!big-mem")))
                .retry(io.taskgrid.api.task.RetryPolicy.of(3, Duration.ofMillis(1500), List.of(137, 75))).retriesUsed(2)
                .retryAt(Instant.parse("2024-01-02T03:04:37.25Z")).build();
    }

    private static TaskRecord fewestFields() {
        return TaskRecord.builder().project("beta").program("q.sh").arguments(List.of()).state(TaskState.QUEUED)
                .submittedAt(Instant.parse("2024-01-02T03:04:05Z")).attempt(1).build();
    }

    private long insert(TaskRecord r, String fingerprint) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(TaskRows.INSERT)) {
            TaskRows.bindInsert(ps, r, ProgramSource.shared("shared/" + r.program()), fingerprint);
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<TaskRecord> read(String columns, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM tasks t WHERE id=?")) {
            ps.setLong(1, id);
            return TaskRows.tasks(ps);
        }
    }

    @Test
    void aTaskWithEveryFieldSetComesBackAsItWasInserted() throws Exception {
        TaskRecord r = everyField();
        long id = insert(r, "f1");
        assertEquals(List.of(r.toBuilder().id(id).build()), read(TaskRows.COLUMNS, id));
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT program_path, program_name, fingerprint FROM tasks WHERE id=" + id)) {
            assertTrue(rs.next());
            assertEquals("shared/p.py", rs.getString(1));
            assertEquals("p.py", rs.getString(2));
            assertEquals("f1", rs.getString(3));
        }
    }

    @Test
    void missingValuesStayMissing() throws Exception {
        TaskRecord r = fewestFields();
        long id = insert(r, null);
        TaskRecord back = read(TaskRows.COLUMNS, id).get(0);
        assertEquals(r.toBuilder().id(id).build(), back);
        assertNull(back.usage(), "no usage is not a usage of zero");
        assertNull(back.exitCode());
        assertNull(back.timeout());
    }

    @Test
    void anUpdateWritesTheRunAndThePriorityAndLeavesTheSubmissionAsItWas() throws Exception {
        TaskRecord submitted = fewestFields();
        long id = insert(submitted, null);
        TaskRecord ran = everyField().toBuilder().id(id).build();
        try (PreparedStatement ps = c.prepareStatement(TaskRows.UPDATE)) {
            TaskRows.bindUpdate(ps, ran);
            assertEquals(1, ps.executeUpdate());
        }
        TaskRecord expected = ran.toBuilder().project("beta").projectId(null).program("q.sh").language(null)
                .arguments(List.of()).dataPath(null).email(null).timeout(null)
                .submittedAt(submitted.submittedAt()).clientUser(null).clientHost(null).mailStatus(null)
                .requirements(io.taskgrid.api.task.Requirements.NONE)
                .retry(io.taskgrid.api.task.RetryPolicy.NONE).build(); // the policy is the submission's; its use the run's
        assertEquals(expected, read(TaskRows.COLUMNS, id).get(0));
    }

    @Test
    void listsLeaveTheOutputOut() throws Exception {
        long id = insert(everyField(), null);
        TaskRecord listed = read(TaskRows.LIST_COLUMNS, id).get(0);
        assertNull(listed.output());
        assertNull(listed.errorOutput());
        assertEquals(read(TaskRows.LIST_COLUMNS_OF_T, id), List.of(listed), "the same columns, of tasks t");
        assertEquals("ok", listed.message());
    }

    @Test
    void anAttemptComesBackAsItWasWrittenAndReplacesTheOneWithItsNumber() throws Exception {
        long id = insert(fewestFields(), null);
        TaskAttempt running = new TaskAttempt(id, 1, "agent-1", "h1", Instant.parse("2024-01-02T03:04:06.000000001Z"), null,
                TaskState.RUNNING, null);
        TaskAttempt lost = new TaskAttempt(id, 1, "agent-1", "h1", running.startedAt(), Instant.parse("2024-01-02T03:05:00Z"),
                TaskState.QUEUED, "Agent agent-1 was lost");
        try (PreparedStatement ps = c.prepareStatement(TaskRows.UPSERT_ATTEMPT)) {
            for (TaskAttempt a : List.of(running, lost)) {
                TaskRows.bindAttempt(ps, a);
                ps.executeUpdate();
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM task_attempts")) {
            assertTrue(rs.next());
            assertEquals(lost, TaskRows.attempt(rs));
            assertTrue(!rs.next(), "one row per task and number");
        }
    }
}
