package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.taskgrid.fx.Fx.await;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window with 100,000 tasks in the history, a benchmark more than a test: figures are logged (and noted in
 * docs/desktop-client.md), never asserted; the assertions are about what is shown and how many rows are kept. A controller without agents,
 * so the tasks stay queued; seeded through {@code submitAll} in batches of 1,000 while a window is open.
 */
class HistoryScaleIT {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryScaleIT.class);
    private static final int TASKS = 100_000;
    private static final int BATCH = 1_000;

    @TempDir
    static Path root;
    private static TestGrid grid;
    private final FxRobot robot = new FxRobot();
    private final List<DesktopClient> clients = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        grid = new TestGrid(root, 0);
        Files.writeString(grid.shared.resolve("item.sh"), "#!/bin/sh\necho \"$1\"\n");
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void stop() throws Exception {
        if (grid != null) {
            grid.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        clients.forEach(DesktopClient::close);
        for (Stage s : stages) {
            robot.interact(s::hide);
        }
    }

    @Test
    void staysResponsiveWhile100000TasksArriveThenPagesThroughThem() throws Exception {
        DesktopClient watching = open();
        // Seeding while a window is open: every task is an event the window must absorb.
        try (LatencyProbe probe = new LatencyProbe()) {
            long t0 = System.nanoTime();
            for (int from = 0; from < TASKS; from += BATCH) {
                List<TaskSpec> batch = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    batch.add(TaskSpec.builder(ProgramSource.shared("item.sh")).project("batch-" + from / BATCH)
                            .arguments(List.of("item-" + i)).build());
                }
                grid.submitAll(batch);
            }
            long seeded = System.nanoTime() - t0;
            await("the open window shows the newest task", 60, () -> fx(() -> {
                var rows = watching.model().history().rows();
                return !rows.isEmpty() && rows.get(0).task().arguments().equals(List.of("item-" + (TASKS - 1)));
            }));
            long caughtUp = System.nanoTime() - t0;
            LOG.info("Seeded {} tasks through submitAll in {} ms; the open window showed the newest after {} ms; "
                            + "FX thread while events arrived: {}; still connected: {}", TASKS, seeded / 1_000_000,
                    caughtUp / 1_000_000, probe.summary(), fx(() -> watching.model().connectedProperty().get()));
        }
        assertTrue(fx(() -> watching.model().connectedProperty().get()), "the window stays connected through the flood");
        int kept = fx(() -> watching.model().history().rows().size());
        assertTrue(kept >= HistoryBound.LIVE_ROWS && kept <= HistoryBound.LIVE_ROWS + HistoryBound.SLACK,
                "a window watching the newest keeps a bounded number of the 100,000 rows, not " + kept);
        assertTrue(fx(() -> watching.model().history().hasMoreProperty().get()), "the dropped ones are pages away");

        // A new window on the full history: the first page only.
        long t1 = System.nanoTime();
        DesktopClient fresh = open();
        await("the first page is shown", () -> fx(() -> fresh.model().history().rows().size()) == HistoryViewModel.PAGE);
        long firstPage = System.nanoTime() - t1;
        assertEquals(List.of("item-" + (TASKS - 1)), fx(() -> fresh.model().history().rows().get(0).task().arguments()),
                "the newest task comes first");

        // End in the table: the user jumps to the last loaded row, the next page loads.
        long[] pages = new long[20];
        try (LatencyProbe probe = new LatencyProbe()) {
            for (int p = 0; p < pages.length; p++) {
                int before = fx(() -> fresh.model().history().rows().size());
                long t = System.nanoTime();
                robot.interact(() -> fresh.view().table().requestFocus());
                robot.press(KeyCode.END).release(KeyCode.END);
                int want = before + HistoryViewModel.PAGE;
                await("page " + (p + 2) + " loads after End", () -> fx(() -> fresh.model().history().rows().size()) >= want);
                pages[p] = (System.nanoTime() - t) / 1_000_000;
            }
            LOG.info("New window on {} tasks: first page of {} rows shown {} ms after opening; End loaded the next page in "
                            + "{} ms (median {} ms, max {} ms); FX thread while paging: {}", TASKS, HistoryViewModel.PAGE,
                    firstPage / 1_000_000, Arrays.toString(pages), median(pages), Arrays.stream(pages).max().orElse(0), probe.summary());
        }
        int loaded = fx(() -> fresh.model().history().rows().size());
        assertEquals(HistoryViewModel.PAGE * (pages.length + 1), loaded, "pages load one at a time, none twice");
        List<Long> ids = fx(() -> fresh.model().history().rows().stream().map(TaskRow::id).toList());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) < ids.get(i - 1), "rows stay newest first without gaps or repeats at " + i);
        }
        TableView<TaskRow> table = fresh.view().table();
        assertEquals(ids.get(ids.size() - 1 - HistoryViewModel.PAGE), fx(() -> table.getSelectionModel().getSelectedItem().id()),
                "the last End selected the last row loaded at that moment; the page it loaded lies below it");

        // The filter goes to the controller: 1,000 tasks (batch 42) among 100,000, the first page of them.
        long t2 = System.nanoTime();
        robot.interact(() -> fresh.model().history().filterTextProperty().set("batch-42"));
        await("the filter shows batch 42 only", () -> fx(() -> !fresh.model().history().loadingProperty().get()
                && fresh.model().history().rows().size() >= HistoryViewModel.PAGE
                && fresh.model().history().rows().stream().allMatch(r -> r.task().project().equals("batch-42"))));
        assertTrue(fx(() -> fresh.model().history().rows().size()) <= 1_000, "batch 42 has 1,000 tasks, none twice");
        LOG.info("Filter \"batch-42\" over {} tasks: its first page shown in {} ms", TASKS, (System.nanoTime() - t2) / 1_000_000);
    }

    private DesktopClient open() throws Exception {
        DesktopClient[] c = new DesktopClient[1];
        robot.interact(() -> {
            Stage s = new Stage();
            c[0] = DesktopClient.open(s, DesktopOptions.of(grid.address()), MemoryPreferences.desktop());
            s.show();
            stages.add(s);
        });
        clients.add(c[0]);
        await("the window connects", () -> fx(() -> c[0].model().connectedProperty().get()));
        return c[0];
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** How long a runLater waits for the FX thread, sampled every 20 ms by a thread of its own. */
    private static final class LatencyProbe implements AutoCloseable {
        private final List<Long> micros = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::sample, "fx-latency-probe");

        LatencyProbe() {
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (running.get()) {
                CountDownLatch ran = new CountDownLatch(1);
                long t = System.nanoTime();
                Platform.runLater(ran::countDown);
                try {
                    if (!ran.await(10, TimeUnit.SECONDS)) {
                        synchronized (micros) {
                            micros.add(10_000_000L);
                        }
                        continue;
                    }
                    synchronized (micros) {
                        micros.add((System.nanoTime() - t) / 1_000);
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String summary() {
            synchronized (micros) {
                long[] v = micros.stream().mapToLong(Long::longValue).sorted().toArray();
                if (v.length == 0) {
                    return "no samples";
                }
                return String.format("%d samples, median %.1f ms, p99 %.1f ms, max %.1f ms", v.length, v[v.length / 2] / 1000.0,
                        v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1000.0, v[v.length - 1] / 1000.0);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(2_000);
        }
    }
}
