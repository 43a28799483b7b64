package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 23: N trivial tasks end to end on light agents that answer at once, submitted either as one task array (one
 * call) or as N single tasks through {@code submitAll} in batches of {@link Submission#BATCH} (the {@code submit --each}
 * path). The clock runs from the first submission call until the light agents have reported the N-th task (woken by the
 * report, not polled); the controller's CPU is read from /proc over the same span. Nothing else runs on the grid.
 */
final class ArrayThroughput {
    /**
     * One run of one variant.
     *
     * @param tasksPerSecond      N / (last report acknowledged − first submission call started)
     * @param submitMs            wall time of the submission calls alone (one call for an array, N / batch for singles)
     * @param controllerCpuMicros the controller's CPU per task over the run, µs
     * @param harnessCpuMicros    the harness JVM's CPU per task (light agents and client), µs
     */
    record Run(double tasksPerSecond, double submitMs, double controllerCpuMicros, double harnessCpuMicros) {
    }

    private final Grid grid;
    private final LightAgents agents;
    private final ClientSession session;

    ArrayThroughput(Grid grid, LightAgents agents) {
        this.grid = grid;
        this.agents = agents;
        this.session = grid.session(null);
    }

    /** {@code n} tasks as one array {@code 1-n} (no limit), one {@code submit} call. */
    Run array(int n, String tag) {
        TaskSpec spec = TaskSpec.builder(ProgramSource.shared(EndToEnd.PROGRAM)).project("bench").arguments(List.of(tag))
                .force(true).array(new TaskArray(1, n, 1, 0)).build();
        Clock clock = new Clock();
        TaskRecord first = Submission.call(() -> session.submit(spec));
        clock.submitted();
        if (first.state() == TaskState.REJECTED) {
            throw new BenchException("The controller refused the benchmark array: " + first.message());
        }
        Run run = clock.ended(n);
        Waits.until(Duration.ofSeconds(60), "array " + first.id() + " to show every member ended",
                () -> session.array(first.id()).isFinished());
        ArraySummary summary = Submission.call(() -> session.array(first.id()));
        if (summary.count(TaskState.SUCCEEDED) != n) {
            throw new BenchException("Array " + first.id() + " ended as " + summary.countsInWords() + ", not " + n + " succeeded.");
        }
        return run;
    }

    /** {@code n} single tasks through {@code submitAll} in batches of {@link Submission#BATCH}. */
    Run singles(int n, String tag) {
        Clock clock = new Clock();
        long firstId = -1;
        long lastId = -1;
        for (int done = 0; done < n; done += Submission.BATCH) {
            List<TaskSpec> specs = new ArrayList<>(Submission.BATCH);
            for (int i = done; i < Math.min(n, done + Submission.BATCH); i++) {
                specs.add(EndToEnd.spec(tag + "-" + i));
            }
            List<TaskRecord> records = Submission.call(() -> session.submitAll(specs));
            for (TaskRecord r : records) {
                if (r.state() == TaskState.REJECTED) {
                    throw new BenchException("The controller refused a benchmark task: " + r.message());
                }
            }
            firstId = firstId < 0 ? records.get(0).id() : firstId;
            lastId = records.get(records.size() - 1).id();
        }
        clock.submitted();
        Run run = clock.ended(n);
        for (long id : List.of(firstId, lastId)) {
            Waits.until(Duration.ofSeconds(60), "task " + id + " to succeed",
                    () -> session.task(id).state() == TaskState.SUCCEEDED);
        }
        return run;
    }

    /** The clocks of one run: wall time, the controller's CPU and the harness's, from its start. */
    private final class Clock {
        private final long before = agents.finished();
        private final CpuTime controllerBefore = grid.controllerCpu();
        private final CpuTime harnessBefore = CpuTime.self();
        private final long t0 = System.nanoTime();
        private long submittedAt;

        void submitted() {
            submittedAt = System.nanoTime();
        }

        Run ended(int n) {
            agents.awaitFinished(before + n, Duration.ofMinutes(10), n + " tasks to be reported ended");
            double seconds = (System.nanoTime() - t0) / 1e9;
            double controllerMs = grid.controllerCpu().minus(controllerBefore).ownMs();
            double harnessMs = CpuTime.self().minus(harnessBefore).ownMs();
            return new Run(n / seconds, (submittedAt - t0) / 1e6, controllerMs * 1000 / n, harnessMs * 1000 / n);
        }
    }
}
