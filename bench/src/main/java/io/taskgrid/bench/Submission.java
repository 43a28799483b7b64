package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks accepted and persisted per second. A call returns once its tasks are committed to SQLite, so the
 * client's wall clock measures persisted tasks. One light agent keeps the single task it is given, so the
 * rest stays queued and nothing else competes for the controller.
 */
final class Submission {
    static final int BATCH = 1_000;
    private final ClientSession session;

    Submission(Grid grid) {
        this.session = grid.session(null);
    }

    /** One {@code submit} call per task. */
    double single(int tasks) {
        long t0 = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            TaskSpec spec = EndToEnd.spec("s" + i);
            check(List.of(call(() -> session.submit(spec))));
        }
        return tasks / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@code submitAll} in batches of {@link #BATCH}, as {@code taskgrid submit --each FILE} does. */
    double batched(int tasks) {
        long t0 = System.nanoTime();
        for (int done = 0; done < tasks; done += BATCH) {
            List<TaskSpec> specs = new ArrayList<>(BATCH);
            for (int i = done; i < Math.min(tasks, done + BATCH); i++) {
                specs.add(EndToEnd.spec("b" + i));
            }
            check(call(() -> session.submitAll(specs)));
        }
        return tasks / ((System.nanoTime() - t0) / 1e9);
    }

    private static void check(List<TaskRecord> records) {
        for (TaskRecord r : records) {
            if (r.state() == TaskState.REJECTED) {
                throw new BenchException("The controller refused a benchmark task: " + r.message());
            }
        }
    }

    interface Remote<T> {
        T call() throws Exception;
    }

    static <T> T call(Remote<T> call) {
        try {
            return call.call();
        } catch (RemoteException e) {
            throw new BenchException("A call to the controller failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new BenchException("The controller refused a call: " + e.getMessage(), e);
        }
    }
}
