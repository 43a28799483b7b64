package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskEndNoticesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final TaskEndNotices notices = new TaskEndNotices(clock, Duration.ofSeconds(4));

    private static TaskRecord ended(long id, TaskState state, String project) {
        return FakeGateway.task(id, state, project).toBuilder().exitCode(state == TaskState.FAILED ? 3 : 0).build();
    }

    @Test
    void tenThousandEndsMakeAHandfulOfNoticesAndLoseNone() {
        List<EndNotice> shown = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            notices.ended(ended(i, i % 100 == 0 ? TaskState.FAILED : TaskState.SUCCEEDED, "batch")).ifPresent(shown::add);
            clock.advance(Duration.ofMillis(1)); // 10,000 ends in 10 s
            if (i % 50 == 0) {
                notices.due().ifPresent(shown::add); // the window's one-second tick, more often
            }
        }
        clock.advance(Duration.ofSeconds(4));
        notices.due().ifPresent(shown::add);

        assertTrue(shown.size() <= 4, "at most one notice per 4 s over 14 s, not " + shown.size());
        assertEquals(10_000, shown.stream().mapToInt(EndNotice::count).sum(), "every end is told, folded into groups");
        assertEquals(100, shown.stream().mapToInt(n -> n.byState().getOrDefault(TaskState.FAILED, 0)).sum());
        assertTrue(notices.due().isEmpty(), "nothing is left held");
    }

    @Test
    void theFirstEndIsToldAtOnceAndTheNextOnesTogetherAfterTheGap() {
        EndNotice first = notices.ended(ended(1, TaskState.SUCCEEDED, "p")).orElseThrow();
        assertEquals("Task 1 (p1.py) succeeded.", first.sentence());

        for (long id = 2; id <= 12; id++) {
            assertTrue(notices.ended(ended(id, id == 7 ? TaskState.FAILED : TaskState.SUCCEEDED, "p")).isEmpty(),
                    "held within the gap");
        }
        clock.advance(Duration.ofSeconds(3));
        assertTrue(notices.due().isEmpty(), "still within the gap");
        clock.advance(Duration.ofSeconds(1));
        EndNotice group = notices.due().orElseThrow();

        assertEquals("11 tasks of p ended: 10 ✓ succeeded, 1 X failed.", group.sentence());
        assertTrue(group.failure(), "a group with a failure is shown as an error");
        assertNull(group.single());
        assertEquals(TaskState.FAILED, group.stateToShow(), "clicking it shows the failed ones");
        assertEquals("p", group.project());
    }

    @Test
    void aSingleFailureNamesItsExitCodeAndTasksOfSeveralProjectsNameNone() {
        EndNotice failed = notices.ended(ended(5, TaskState.FAILED, "a")).orElseThrow();
        assertEquals("Task 5 (p5.py) failed with exit code 3.", failed.sentence());
        assertTrue(failed.failure());

        notices.ended(ended(6, TaskState.SUCCEEDED, "a"));
        notices.ended(ended(7, TaskState.CANCELLED, "b"));
        clock.advance(Duration.ofSeconds(5));
        EndNotice group = notices.due().orElseThrow();
        assertEquals("2 tasks ended: 1 ✓ succeeded, 1 ⊘ cancelled.", group.sentence());
        assertFalse(group.failure(), "no failure: information");
        assertNull(group.stateToShow(), "mixed states without a failure: all states");
    }
}
