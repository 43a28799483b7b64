package io.taskgrid.bench;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The desktop client under load (issue 21): its window, in a JVM of its own ({@link WindowProcess}), on a controller
 * whose history is large, while tasks of the window's user flow through light agents at a steady rate, so that events
 * reach every client at about {@link #EVENTS_PER_SECOND}. The rate is not assumed: a client of the harness counts the
 * task events the controller delivers to it (the window gets the same stream) and the figures say what it counted.
 *
 * <p>One run: the window opens and shows the newest page; the flood starts; the window is watched untouched
 * ({@code watch}); then the robot opens each dialog by its key and closes it with Esc ({@code press}); the flood stops,
 * and the time until the window shows the last task submitted is taken; then its heap after a full GC
 * ({@code jcmd GC.run}, {@code GC.heap_info}), with the window still open.
 */
final class DesktopScenario {
    static final int EVENTS_PER_SECOND = 1_000;
    /** The user the window logs in as and the flood submits as: its tasks' ends are notified, as in daily use. */
    static final String USER = "bench";

    /**
     * @param eventsPerSecond      task events a client received per second while the window was watched
     * @param fxCpuPercent         CPU of the FX thread over wall time while watched, %
     * @param windowCpuPercent     CPU of the whole window JVM over wall time while watched, % of one core
     * @param rendererCpuPercent   CPU of the renderer thread (software rendering) while watched, % of one core
     * @param probeMs              runLater waits while watched
     * @param pressEventsPerSecond task events per second while the keys were pressed
     * @param submitMs             Ctrl+N → the submit dialog drawn
     * @param detailMs             Enter on a row → the task's detail drawn
     * @param submitShownMs        Ctrl+N → the submit dialog's stage showing (the key handled, the dialog built)
     * @param detailShownMs        Enter → the detail's stage showing
     * @param submitFirstMs        the first Ctrl+N of the window (not in {@code submitMs})
     * @param detailFirstMs        the first Enter of the window (not in {@code detailMs})
     * @param escFailures          dialogs Esc did not close (closed by the harness instead)
     * @param catchUpMs            from the end of the flood to the window showing its last task
     * @param heapMb               the window JVM's heap after a full GC, after the flood
     * @param windowRows           rows the window's table held then
     */
    record Run(double eventsPerSecond, double fxCpuPercent, double windowCpuPercent, double rendererCpuPercent,
               List<Double> probeMs, double pressEventsPerSecond, List<Double> submitMs, List<Double> detailMs,
               List<Double> submitShownMs, List<Double> detailShownMs, double submitFirstMs, double detailFirstMs, int escFailures, double catchUpMs, double heapMb, int windowRows) {
    }

    private final Setup setup;
    private final Grid grid;

    DesktopScenario(Setup setup, Grid grid) {
        this.setup = setup;
        this.grid = grid;
    }

    /** Task events a client receives per task submitted (each task's changes of state, as the controller sends them). */
    double eventsPerTask() {
        EventCounter counter = new EventCounter();
        ClientSession watching = grid.session(counter.export());
        try (Flood flood = new Flood(grid.session(null), 200)) {
            sleep(Duration.ofSeconds(2));
            flood.close();
            grid.awaitIdle(Duration.ofMinutes(2));
            sleep(Duration.ofMillis(500));
            if (flood.submitted() == 0) {
                throw new BenchException("The flood submitted nothing in 2 s.");
            }
            return (double) counter.events() / flood.submitted();
        } finally {
            close(watching);
            counter.unexport();
        }
    }

    Run run(double tasksPerSecond, Path dir) {
        EventCounter counter = new EventCounter();
        ClientSession watching = grid.session(counter.export());
        try (WindowProcess window = WindowProcess.start(setup, grid.port(), USER, dir)) {
            Waits.until(Duration.ofMinutes(2), "the window to show the history (see " + window.log() + ")",
                    () -> rows(window)[0] > 0);
            Flood flood = new Flood(grid.session(null), tasksPerSecond);
            double watchedRate;
            double pressRate;
            String watched;
            String pressed;
            try {
                sleep(Duration.ofSeconds(setup.quick() ? 1 : 3)); // the rate settles
                int seconds = setup.desktopWatchSeconds();
                long e0 = counter.events();
                long t0 = System.nanoTime();
                watched = window.ask("watch " + seconds, "watched", Duration.ofSeconds(seconds + 60L));
                watchedRate = (counter.events() - e0) / ((System.nanoTime() - t0) / 1e9);
                long e1 = counter.events();
                long t1 = System.nanoTime();
                pressed = window.ask("press " + setup.desktopPresses(), "pressed",
                        Duration.ofSeconds(60L + 2L * setup.desktopPresses() * 30));
                pressRate = (counter.events() - e1) / ((System.nanoTime() - t1) / 1e9);
            } finally {
                flood.close();
            }
            long stopped = System.nanoTime();
            long last = flood.lastId();
            Waits.until(Duration.ofMinutes(5), "the window to show the last task submitted, " + last + " (see " + window.log() + ")",
                    () -> rows(window)[1] >= last);
            double catchUp = (System.nanoTime() - stopped) / 1e6;
            int windowRows = (int) rows(window)[0];
            double heap = Jcmd.heapAfterGcMegabytes(window.pid());
            double wall = value(watched, "wall_ms");
            int escFailures = (int) value(pressed, "esc_failures");
            if (escFailures > 0) {
                System.out.println("bench: Esc did not close " + escFailures + " dialogs of the window; the harness closed them");
            }
            return new Run(watchedRate, 100 * value(watched, "fx_cpu_ms") / wall, 100 * value(watched, "process_cpu_ms") / wall,
                    100 * value(watched, "renderer_cpu_ms") / wall, values(watched, "probe_ms"), pressRate,
                    values(pressed, "submit_ms"), values(pressed, "detail_ms"), values(pressed, "submit_shown_ms"),
                    values(pressed, "detail_shown_ms"), value(pressed, "submit_first_ms"),
                    value(pressed, "detail_first_ms"), escFailures, catchUp, heap, windowRows);
        } finally {
            close(watching);
            counter.unexport();
        }
    }

    /** Rows in the window's table and the newest task id among them. */
    private static long[] rows(WindowProcess window) {
        String[] a = window.ask("rows", "rows", Duration.ofSeconds(60)).split(" ");
        return new long[]{Long.parseLong(a[1]), Long.parseLong(a[2])};
    }

    private static String field(String answer, String key) {
        for (String part : answer.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new BenchException("The window's answer has no " + key + ": " + answer);
    }

    private static double value(String answer, String key) {
        return Double.parseDouble(field(answer, key));
    }

    private static List<Double> values(String answer, String key) {
        String v = field(answer, key);
        return v.equals("-") ? List.of() : Arrays.stream(v.split(",")).map(Double::valueOf).toList();
    }

    private static void close(ClientSession s) {
        try {
            s.close();
        } catch (RemoteException e) {
            // the controller may be gone already
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted", e);
        }
    }

    /** Counts the task events the controller delivers to a client. */
    private static final class EventCounter implements ClientCallback {
        private final AtomicLong events = new AtomicLong();

        @Override
        public void onEvents(List<GridEvent> list) {
            long n = 0;
            for (GridEvent e : list) {
                if (e instanceof TaskEvent) {
                    n++;
                }
            }
            events.addAndGet(n);
        }

        long events() {
            return events.get();
        }

        ClientCallback export() {
            try {
                return (ClientCallback) UnicastRemoteObject.exportObject(this, 0);
            } catch (RemoteException e) {
                throw new BenchException("Cannot export a client callback: " + e.getMessage(), e);
            }
        }

        void unexport() {
            try {
                UnicastRemoteObject.unexportObject(this, true);
            } catch (NoSuchObjectException e) {
                // not exported
            }
        }
    }

    /**
     * Submits tasks at a steady rate, as the console's {@code submit --each} would in a batch that keeps coming: every
     * 100 ms the tasks due by then, in one {@code submitAll}. Thread: "bench-desktop-flood".
     */
    private static final class Flood implements AutoCloseable {
        private final ClientSession session;
        private final double perSecond;
        private final Thread thread = new Thread(this::submit, "bench-desktop-flood");
        private final AtomicLong submitted = new AtomicLong();
        private final AtomicLong lastId = new AtomicLong(-1);
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        Flood(ClientSession session, double perSecond) {
            this.session = session;
            this.perSecond = perSecond;
            thread.start();
        }

        private void submit() {
            long t0 = System.nanoTime();
            try {
                while (running) {
                    long due = (long) (perSecond * (System.nanoTime() - t0) / 1e9) - submitted.get();
                    if (due > 0) {
                        List<TaskSpec> specs = new ArrayList<>((int) due);
                        for (long i = 0; i < due; i++) {
                            specs.add(EndToEnd.spec("desk" + (submitted.get() + i)));
                        }
                        List<TaskRecord> records = Submission.call(() -> session.submitAll(specs));
                        for (TaskRecord r : records) {
                            lastId.accumulateAndGet(r.id(), Math::max);
                        }
                        submitted.addAndGet(records.size());
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        long submitted() {
            return submitted.get();
        }

        long lastId() {
            return lastId.get();
        }

        /** Stops submitting; idempotent. Throws what stopped the flood early, if anything did. */
        @Override
        public void close() {
            running = false;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new BenchException("The flood of tasks failed: " + failure.getMessage(), failure);
            }
        }
    }
}
