package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The detail's output while its task runs: followed on a thread of its own, handed to the (here: test) UI thread. */
class DetailViewModelTest {
    private final FakeGateway controller = new FakeGateway();
    private final ExecutorService following = Executors.newCachedThreadPool();
    /** The UI thread's queue: the test thread runs what was handed to it, as the FX thread would. */
    private final BlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();
    private final Background background = new Background(Runnable::run, ui::add);

    @AfterEach
    void stop() {
        following.shutdownNow();
    }

    private TaskRecord running(long id) {
        TaskRecord t = FakeGateway.task(id, TaskState.RUNNING, "p").toBuilder().startedAt(Instant.EPOCH).build();
        controller.tasks.add(t);
        return t;
    }

    /** Runs what the UI was handed until {@code condition} holds, at most 10 s. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            Runnable next = ui.poll(50, TimeUnit.MILLISECONDS);
            if (next != null) {
                next.run();
            }
            if (System.nanoTime() > deadline) {
                fail("Waited 10 s for: " + what);
            }
        }
    }

    @Test
    void aRunningTasksOutputIsShownAsItIsWrittenAndKeptWhenItEnds() throws Exception {
        TaskRecord t = running(1);
        controller.written.put(1L, "line 1\n");
        DetailViewModel model = new DetailViewModel(1, t, () -> controller, background, following);

        await("the first line", () -> model.stdoutProperty().get().equals("line 1\n"));
        controller.written.put(1L, "line 1\nline 2\n");
        await("the second line, appended", () -> model.stdoutProperty().get().equals("line 1\nline 2\n"));

        controller.written.put(1L, "line 1\nline 2\nline 3\n");
        controller.outputState.put(1L, TaskState.SUCCEEDED);
        TaskRecord ended = t.toBuilder().state(TaskState.SUCCEEDED).output("an excerpt").build();
        controller.tasks.set(0, ended);
        model.apply(ended);

        await("all of it, to the end", () -> model.stdoutProperty().get().equals("line 1\nline 2\nline 3\n"));
        await("the ended record", () -> model.taskProperty().get().state() == TaskState.SUCCEEDED);
        assertEquals("line 1\nline 2\nline 3\n", model.stdoutProperty().get(),
                "what was followed stays, not the record's excerpt");
    }

    @Test
    void closingTheWindowStopsFollowing() throws Exception {
        TaskRecord t = running(2);
        controller.written.put(2L, "before\n");
        DetailViewModel model = new DetailViewModel(2, t, () -> controller, background, following);
        await("the first line", () -> model.stdoutProperty().get().equals("before\n"));

        model.close();
        following.shutdown();

        assertTrue(following.awaitTermination(5, TimeUnit.SECONDS), "the following thread ended");
        controller.written.put(2L, "before\nafter\n");
        ui.forEach(Runnable::run);
        assertEquals("before\n", model.stdoutProperty().get());
    }

    @Test
    void anEndedTaskShowsTheOutputOfItsRecordWithoutFollowing() {
        TaskRecord t = FakeGateway.task(3, TaskState.FAILED, "p").toBuilder().output("out").errorOutput("why").build();
        DetailViewModel model = new DetailViewModel(3, t, () -> controller, background, following);

        assertEquals("out", model.stdoutProperty().get());
        assertEquals("why", model.stderrProperty().get());
        assertTrue(ui.isEmpty(), "nothing followed");
    }

    @Test
    void theTasksThatWaitForItAreListedWithHowTheyWait() {
        TaskRecord first = FakeGateway.task(1, TaskState.SUCCEEDED, "p");
        TaskRecord waits = FakeGateway.task(2, TaskState.QUEUED, "p").toBuilder()
                .after(java.util.List.of(io.taskgrid.api.task.Dependency.after(1))).build();
        controller.tasks.addAll(java.util.List.of(first, waits, FakeGateway.task(3, TaskState.QUEUED, "p")));
        DetailViewModel d = new DetailViewModel(1, first, () -> controller, new Background(Runnable::run, Runnable::run), following);
        d.load();
        assertEquals(java.util.List.of(waits), d.dependants());
        assertEquals("to succeed", DetailLinks.mustEnd(d.dependants().get(0).after().get(0).kind()));
    }
}
