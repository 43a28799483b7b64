package io.taskgrid.agent;

import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeSpoolTest {
    @TempDir
    Path dir;

    private static TaskOutcome outcome(long id, int attempt, Instant ended) {
        return new TaskOutcome(id, attempt, 1L, TaskState.SUCCEEDED, 0, "out", "err", null, ended.minusSeconds(1), ended,
                "results/p/" + id, new ResourceUsage(0.5, 1024, 10));
    }

    @Test
    void keptOutcomesAreReadBackByTheNextRunOldestFirstAndForgottenOnceDelivered() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        OutcomeSpool spool = new OutcomeSpool(dir.resolve("outcomes"));
        assertTrue(spool.keep(outcome(7, 2, t.plusSeconds(5))));
        assertTrue(spool.keep(outcome(3, 1, t)));

        OutcomeSpool nextRun = new OutcomeSpool(dir.resolve("outcomes"));
        List<TaskOutcome> kept = nextRun.load();
        assertEquals(List.of(outcome(3, 1, t), outcome(7, 2, t.plusSeconds(5))), kept);

        nextRun.remove(kept.get(0));
        assertEquals(List.of(outcome(7, 2, t.plusSeconds(5))), new OutcomeSpool(dir.resolve("outcomes")).load());
    }

    @Test
    void aFileLeftHalfWrittenIsRemovedAndAnUnreadableOneIsMovedAside() throws Exception {
        Path folder = dir.resolve("outcomes");
        OutcomeSpool spool = new OutcomeSpool(folder);
        Files.writeString(folder.resolve("5-1.outcome.partial"), "half");
        Files.writeString(folder.resolve("6-1.outcome"), "not an outcome");

        assertEquals(List.of(), spool.load());
        assertFalse(Files.exists(folder.resolve("5-1.outcome.partial")));
        assertTrue(Files.exists(folder.resolve("6-1.outcome.unreadable")));
    }

    @Test
    void anOutcomeSpooledByAnAgentBeforeTheCompactFormIsStillDelivered() throws Exception {
        // Written by the agent of commit b1d2e88, whose records were serialized field by field.
        Path folder = dir.resolve("outcomes");
        Files.createDirectories(folder);
        try (var old = OutcomeSpoolTest.class.getResourceAsStream("spooled-before-compact-form.outcome")) {
            Files.write(folder.resolve("77-2.outcome"), old.readAllBytes());
        }
        // It carries no attempt token (0, unknown): the controller cannot tell it from a stale one and runs the task again.
        TaskOutcome spooled = new TaskOutcome(77, 2, 0L, TaskState.SUCCEEDED, 0, "hi\n", "", null,
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:01Z"), "results/p/77",
                new ResourceUsage(0.5, 1024, 10));
        assertEquals(List.of(spooled), new OutcomeSpool(folder).load());
    }
}
