package io.taskgrid.bench;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskSpec;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients with real {@link ClientCallback} objects (exported from the harness JVM), each timing every
 * event from the controller's {@code at} to its arrival. Tasks run on light agents, so events come as fast
 * as the controller can make them. Optionally one more client that takes 500 ms for each delivery.
 */
final class Callbacks {
    /**
     * @param eventsPerSecond events delivered to all fast clients together, per second
     * @param delaysMs        delay of every event at every fast client
     * @param tasksPerSecond  tasks ended per second meanwhile (from the history)
     */
    record Run(double eventsPerSecond, List<Double> delaysMs, double tasksPerSecond) {
    }

    private final Grid grid;

    Callbacks(Grid grid) {
        this.grid = grid;
    }

    Run run(int clients, int tasks, boolean withSlowClient) {
        List<Recorder> recorders = new ArrayList<>();
        List<ClientSession> sessions = new ArrayList<>();
        Recorder slow = withSlowClient ? new Recorder(Duration.ofMillis(500)) : null;
        try {
            for (int i = 0; i < clients; i++) {
                Recorder r = new Recorder(Duration.ZERO);
                recorders.add(r);
                sessions.add(grid.session(export(r)));
            }
            if (slow != null) {
                sessions.add(grid.session(export(slow)));
            }
            ClientSession submitter = grid.session(null);
            long firstId = Long.MAX_VALUE;
            for (int done = 0; done < tasks; done += 100) {
                List<TaskSpec> specs = new ArrayList<>();
                for (int i = done; i < Math.min(tasks, done + 100); i++) {
                    specs.add(EndToEnd.spec("c" + i));
                }
                firstId = Math.min(firstId, Submission.call(() -> submitter.submitAll(specs)).get(0).id());
            }
            grid.awaitIdle(Duration.ofMinutes(5));
            long lastId = firstId + tasks - 1;
            Waits.until(Duration.ofSeconds(60), "every client to hear that the last task ended",
                    () -> recorders.stream().allMatch(r -> r.sawEndOf(lastId)));
            EndToEnd.Run e2e = EndToEnd.measure(grid.tasksFrom(firstId, tasks), tasks, EndToEnd.CpuPerTask.NOT_MEASURED);
            List<Double> delays = new ArrayList<>();
            long events = 0;
            Instant first = null;
            Instant last = null;
            for (Recorder r : recorders) {
                synchronized (r) {
                    delays.addAll(r.delays);
                    events += r.delays.size();
                    first = first == null || r.first.isBefore(first) ? r.first : first;
                    last = last == null || r.last.isAfter(last) ? r.last : last;
                }
            }
            double seconds = Duration.between(first, last).toNanos() / 1e9;
            return new Run(events / seconds, delays, e2e.tasksPerSecond());
        } finally {
            for (ClientSession s : sessions) {
                try {
                    s.close();
                } catch (RemoteException e) {
                    // the session may already be gone
                }
            }
            recorders.forEach(Callbacks::unexport);
            if (slow != null) {
                unexport(slow);
            }
        }
    }

    private static ClientCallback export(Recorder r) {
        try {
            return (ClientCallback) UnicastRemoteObject.exportObject(r, 0);
        } catch (RemoteException e) {
            throw new BenchException("Cannot export a client callback: " + e.getMessage(), e);
        }
    }

    private static void unexport(Recorder r) {
        try {
            UnicastRemoteObject.unexportObject(r, true);
        } catch (NoSuchObjectException e) {
            // not exported
        }
    }

    private static final class Recorder implements ClientCallback {
        private final Duration pause;
        final List<Double> delays = new ArrayList<>();
        Instant first;
        Instant last;
        long lastEndedId;

        Recorder(Duration pause) {
            this.pause = pause;
        }

        @Override
        public void onEvents(List<GridEvent> events) {
            Instant now = Instant.now();
            synchronized (this) {
                for (GridEvent e : events) {
                    if (e instanceof TaskEvent t) {
                        delays.add(EndToEnd.millis(e.at(), now));
                        first = first == null ? now : first;
                        last = now;
                        if (t.task().state().isFinal()) {
                            lastEndedId = Math.max(lastEndedId, t.task().id());
                        }
                    }
                }
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        synchronized boolean sawEndOf(long id) {
            return lastEndedId >= id;
        }
    }
}
