package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N trivial tasks submitted in a burst, one {@code submit} call each, by 1 or more clients at once; every
 * figure is taken from the history the controller wrote (submitted, started and ended times).
 */
final class EndToEnd {
    /** The trivial task's program, relative to the shared folder. */
    static final String PROGRAM = "bench/trivial.sh";

    /**
     * @param tasksPerSecond N / (last end − first submission)
     * @param startMs        submit→start of every task, ms
     * @param endMs          submit→end of every task, ms
     * @param cpu            CPU per task while the tasks were submitted and run, by whom it was spent
     */
    record Run(double tasksPerSecond, List<Double> startMs, List<Double> endMs, CpuPerTask cpu) {
    }

    /**
     * CPU milliseconds per task, from the first submission until the grid was idle again (the idle check's own
     * history reads included, which are few).
     *
     * @param controller the controller JVM
     * @param agents     the agent JVMs themselves
     * @param programs   the programs the agents ran (their reaped children)
     * @param client     the submitting client (this harness JVM, whose other threads are idle meanwhile)
     */
    record CpuPerTask(double controller, double agents, double programs, double client) {
        /** For runs whose CPU is not measured (light agents in the harness JVM): every figure NaN, shown as "–". */
        static final CpuPerTask NOT_MEASURED = new CpuPerTask(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        double total() {
            return controller + agents + programs + client;
        }
    }

    private final Grid grid;

    EndToEnd(Grid grid) {
        this.grid = grid;
    }

    Run run(int tasks, int clients, Duration timeout) {
        List<ClientSession> sessions = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sessions.add(grid.session(null));
        }
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> new Thread(r, "bench-client-" + threadNo.incrementAndGet()));
        long firstId = Long.MAX_VALUE;
        CpuTime controllerBefore = grid.controllerCpu();
        CpuTime agentsBefore = grid.agentsCpu();
        CpuTime clientBefore = CpuTime.self();
        try {
            List<Future<List<TaskRecord>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                ClientSession s = sessions.get(c);
                int share = tasks / clients + (c < tasks % clients ? 1 : 0);
                int client = c;
                futures.add(pool.submit(() -> {
                    List<TaskRecord> out = new ArrayList<>(share);
                    for (int i = 0; i < share; i++) {
                        out.add(s.submit(spec(client + "-" + i)));
                    }
                    return out;
                }));
            }
            for (Future<List<TaskRecord>> f : futures) {
                for (TaskRecord r : f.get()) {
                    if (r.state() == TaskState.REJECTED) {
                        throw new BenchException("The controller refused a benchmark task: " + r.message());
                    }
                    firstId = Math.min(firstId, r.id());
                }
            }
        } catch (BenchException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("Submitting the end-to-end tasks failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        grid.awaitIdle(timeout);
        CpuTime controller = grid.controllerCpu().minus(controllerBefore);
        CpuTime agents = grid.agentsCpu().minus(agentsBefore);
        CpuTime client = CpuTime.self().minus(clientBefore);
        CpuPerTask cpu = new CpuPerTask(controller.ownMs() / tasks, agents.ownMs() / tasks, agents.childrenMs() / tasks,
                client.ownMs() / tasks);
        return measure(grid.tasksFrom(firstId, tasks), tasks, cpu);
    }

    static TaskSpec spec(String argument) {
        return TaskSpec.builder(ProgramSource.shared(PROGRAM)).project("bench").arguments(List.of(argument)).force(true).build();
    }

    static Run measure(List<TaskRecord> records, int expected, CpuPerTask cpu) {
        if (records.size() != expected) {
            throw new BenchException("Expected " + expected + " tasks in the history, found " + records.size() + ".");
        }
        Instant first = null;
        Instant last = null;
        List<Double> start = new ArrayList<>();
        List<Double> end = new ArrayList<>();
        for (TaskRecord r : records) {
            if (r.state() != TaskState.SUCCEEDED) {
                throw new BenchException("Task " + r.id() + " ended " + r.state() + ": " + r.message());
            }
            first = first == null || r.submittedAt().isBefore(first) ? r.submittedAt() : first;
            last = last == null || r.endedAt().isAfter(last) ? r.endedAt() : last;
            start.add(millis(r.submittedAt(), r.startedAt()));
            end.add(millis(r.submittedAt(), r.endedAt()));
        }
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        return new Run(expected / seconds, start, end, cpu);
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
