package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 23: N trivial tasks that must run one after the other, on light agents that answer at once. Either as a chain
 * the controller follows (each task {@code --after} the previous one, all submitted up front, the head held until every
 * link is in, then released: the clock starts there), or as the baseline a script would run without dependencies: each
 * task submitted once the light agents have reported the previous one (woken by the report, not polled). A link's
 * latency is the child's {@code startedAt} minus its parent's {@code endedAt} in the history (both stamped by the light
 * agents, in the harness JVM's clock).
 */
final class ChainLatency {
    /**
     * One run of one variant.
     *
     * @param seconds             release of the head (chain) or first submission (baseline) → the last task reported
     * @param submitMs            chain only: the N {@code submit} calls that build it (NaN for the baseline)
     * @param linkMs              end of each task → start of the next, ms (N − 1 of them)
     * @param controllerCpuMicros the controller's CPU per task while it ran (submission of the chain excluded), µs
     * @param callMs              each {@code submit} call's own time, ms ({@code --after} ones for the chain)
     */
    record Run(double seconds, double submitMs, List<Double> linkMs, double controllerCpuMicros, List<Double> callMs) {
        double tasksPerSecond() {
            return (linkMs.size() + 1) / seconds;
        }
    }

    private final Grid grid;
    private final LightAgents agents;
    private final ClientSession session;

    ChainLatency(Grid grid, LightAgents agents) {
        this.grid = grid;
        this.agents = agents;
        this.session = grid.session(null);
    }

    /** A chain of {@code n}: task k+1 {@code --after} task k, submitted one call each with the head held, then released. */
    Run chain(int n, String tag) {
        List<Double> calls = new ArrayList<>(n);
        long s0 = System.nanoTime();
        TaskRecord head = submit(spec(tag + "-0").hold(true).build(), calls);
        long previous = head.id();
        for (int i = 1; i < n; i++) {
            previous = submit(spec(tag + "-" + i).after(List.of(Dependency.after(previous))).build(), calls).id();
        }
        double submitMs = (System.nanoTime() - s0) / 1e6;
        long before = agents.finished();
        CpuTime controllerBefore = grid.controllerCpu();
        long t0 = System.nanoTime();
        Submission.call(() -> session.release(head.id()));
        agents.awaitFinished(before + n, Duration.ofMinutes(20), "a chain of " + n + " tasks to end");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double controllerMs = grid.controllerCpu().minus(controllerBefore).ownMs();
        return new Run(seconds, submitMs, links(head.id(), n), controllerMs * 1000 / n, calls.subList(1, calls.size()));
    }

    /** The baseline: {@code n} independent tasks, each submitted once the previous one was reported ended. */
    Run oneByOne(int n, String tag) {
        long before = agents.finished();
        CpuTime controllerBefore = grid.controllerCpu();
        long t0 = System.nanoTime();
        long firstId = -1;
        List<Double> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TaskRecord r = submit(spec(tag + "-" + i).build(), calls);
            firstId = i == 0 ? r.id() : firstId;
            agents.awaitFinished(before + i + 1, Duration.ofSeconds(60), "task " + r.id() + " to end");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double controllerMs = grid.controllerCpu().minus(controllerBefore).ownMs();
        return new Run(seconds, Double.NaN, links(firstId, n), controllerMs * 1000 / n, calls);
    }

    private TaskRecord submit(TaskSpec spec, List<Double> callMs) {
        long t0 = System.nanoTime();
        TaskRecord r = Submission.call(() -> session.submit(spec));
        callMs.add((System.nanoTime() - t0) / 1e6);
        if (r.state() == TaskState.REJECTED) {
            throw new BenchException("The controller refused a benchmark task: " + r.message());
        }
        return r;
    }

    private static TaskSpec.Builder spec(String argument) {
        return TaskSpec.builder(ProgramSource.shared(EndToEnd.PROGRAM)).project("bench").arguments(List.of(argument)).force(true);
    }

    /** End → start of the next, for the {@code n} tasks from {@code firstId} on (consecutive ids, in the order they ran). */
    private List<Double> links(long firstId, int n) {
        Waits.until(Duration.ofSeconds(60), "the history to show the last of " + n + " tasks ended",
                () -> session.task(firstId + n - 1).state().isFinal());
        List<TaskRecord> records = grid.tasksFrom(firstId, n);
        if (records.size() != n) {
            throw new BenchException("Expected " + n + " tasks from id " + firstId + " in the history, found " + records.size() + ".");
        }
        List<Double> links = new ArrayList<>(n - 1);
        for (int i = 0; i < n; i++) {
            TaskRecord r = records.get(i);
            if (r.state() != TaskState.SUCCEEDED) {
                throw new BenchException("Task " + r.id() + " ended " + r.state() + ": " + r.message());
            }
            if (i > 0) {
                links.add(EndToEnd.millis(records.get(i - 1).endedAt(), r.startedAt()));
            }
        }
        return links;
    }
}
