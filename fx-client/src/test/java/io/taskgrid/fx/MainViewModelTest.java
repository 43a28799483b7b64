package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ConnectionStatus;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainViewModelTest {
    private final FakeGateway controller = new FakeGateway();
    private final ManualClock clock = new ManualClock(Instant.parse("2023-06-01T00:00:00Z"));
    private final MainViewModel model = new MainViewModel(() -> controller, new Background(Runnable::run, Runnable::run),
            Executors.newSingleThreadExecutor(), "me", clock);
    private final List<String> said = new ArrayList<>();

    MainViewModelTest() {
        model.onNotification(n -> said.add(n.sentence()));
    }

    private static GridEvent ended(long id, TaskState state, String user) {
        return new TaskEvent(id, Instant.EPOCH, FakeGateway.task(id, state, "p").toBuilder().clientUser(user).build());
    }

    @Test
    void onlyTheUsersOwnEndsAreNotifiedTheRestGroupedAfterTheGap() {
        model.apply(List.of(ended(1, TaskState.SUCCEEDED, "me"), ended(2, TaskState.SUCCEEDED, "someone-else"),
                ended(3, TaskState.FAILED, "me"), ended(4, TaskState.SUCCEEDED, "me"), ended(5, TaskState.RUNNING, "me")));
        assertEquals(List.of("Task 1 (p1.py) succeeded."), said, "the first at once, the others held");

        clock.advance(TaskEndNotices.GAP);
        model.tick();

        assertEquals(List.of("Task 1 (p1.py) succeeded.", "2 tasks of p ended: 1 ✓ succeeded, 1 X failed."), said);
        model.apply(List.of(ended(3, TaskState.FAILED, "me")));
        clock.advance(Duration.ofMinutes(1));
        model.tick();
        assertEquals(2, said.size(), "a task is told once");
    }

    @Test
    void afterLosingTheControllerTheUnfinishedRowsAndTheAgentsAreUnknownUntilTheReconnectionReloads() {
        controller.tasks.add(FakeGateway.task(1, TaskState.SUCCEEDED, "p"));
        controller.tasks.add(FakeGateway.task(2, TaskState.RUNNING, "p").toBuilder().startedAt(clock.instant()).build());
        ControllerAddress at = new ControllerAddress("grid", 1099);
        model.status(new ConnectionStatus.Connected(at, true, false));
        model.connected(controller.info(), "me");
        TaskRecord running = model.history().row(2).task();
        assertFalse(model.history().unknown(running), "live while connected");

        clock.advance(Duration.ofSeconds(30));
        Instant lost = clock.instant();
        model.status(new ConnectionStatus.Lost(at, "gone"));
        clock.advance(Duration.ofMinutes(5));

        assertEquals(lost, model.history().staleSinceProperty().get());
        assertTrue(model.history().unknown(running), "a running task's state is unknown");
        assertFalse(model.history().unknown(model.history().row(1).task()), "an ended task stays as it ended");
        assertEquals("30.0s", new Formats(clock).duration(running, model.history().staleSinceProperty().get()),
                "its duration stops where it was last known");
        assertTrue(model.pool().staleProperty().get(), "the agents are unknown too");
        assertTrue(model.history().summaryProperty().get().contains("unknown"), model.history().summaryProperty().get());

        model.status(new ConnectionStatus.Connected(at, true, true));
        model.connected(controller.info(), "me");

        assertNull(model.history().staleSinceProperty().get(), "the reload makes the rows live again");
        assertFalse(model.pool().staleProperty().get());
    }

    @Test
    void nothingIsNotifiedWhenTheSettingIsOff() {
        model.notifyProperty().set(false);
        model.apply(List.of(ended(1, TaskState.SUCCEEDED, "me"), ended(2, TaskState.FAILED, "me")));
        clock.advance(Duration.ofMinutes(1));
        model.tick();
        assertEquals(List.of(), said);
    }
}
