package io.taskgrid.fx;

import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The detail window's attempts: loaded with the task, worded as the console's show words them. */
class AttemptsTest {
    private final FakeGateway controller = new FakeGateway();

    @Test
    void theDetailListsEveryRunAndHowItEnded() {
        TaskRecord t = FakeGateway.task(1, TaskState.SUCCEEDED, "p").toBuilder().attempt(2).build();
        controller.tasks.add(t);
        TaskAttempt lost = new TaskAttempt(1, 1, "agent-a", "h1", Instant.EPOCH, Instant.EPOCH.plusSeconds(5),
                TaskState.QUEUED, "Agent agent-a was lost");
        TaskAttempt done = new TaskAttempt(1, 2, "agent-b", "h2", Instant.EPOCH.plusSeconds(6), Instant.EPOCH.plusSeconds(9),
                TaskState.SUCCEEDED, null);
        controller.attempts.put(1L, List.of(lost, done));
        var following = Executors.newSingleThreadExecutor();
        try {
            DetailViewModel model = new DetailViewModel(1, t, () -> controller, new Background(Runnable::run, Runnable::run),
                    following);
            model.load();
            assertEquals(List.of(lost, done), model.attempts());
        } finally {
            following.shutdownNow();
        }
        assertEquals("back to the queue: Agent agent-a was lost", AttemptsTable.howItEnded(lost));
        assertEquals("succeeded", AttemptsTable.howItEnded(done));
    }
}
