package io.taskgrid.bench.window;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.fx.DesktopClient;
import io.taskgrid.fx.DesktopOptions;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The desktop scenario's window, in a JVM of its own so that its heap and CPU are its own. It opens the real client
 * through its public entry point ({@link DesktopClient#open(Stage, DesktopOptions)}, as {@code taskgrid gui} does),
 * headless: Monocle's glass and software rendering, as {@code taskgrid screenshot} runs; the harness sets those
 * system properties and a preferences folder of its own. It then answers the harness, one command per line on stdin,
 * one answer per line on stdout starting with {@value #ANSWER}:
 * <ul>
 *   <li>{@code rows} → {@code rows COUNT NEWEST_ID}: what the history table shows.</li>
 *   <li>{@code watch SECONDS} → {@code watched fx_cpu_ms=… wall_ms=… process_cpu_ms=… renderer_cpu_ms=… probe_ms=…}:
 *       CPU time of the "JavaFX Application Thread" (ThreadMXBean), of the whole JVM and of the renderer thread over
 *       that wall time while nobody touches the window, and how long a {@code Platform.runLater} waited for the FX
 *       thread, sampled every 20 ms.</li>
 *   <li>{@code press N} → {@code pressed submit_ms=… submit_shown_ms=… detail_ms=… detail_shown_ms=… submit_first_ms=…
 *       detail_first_ms=… esc_failures=…}: 1 + N times Ctrl+N (the submit dialog), then 1 + N times Enter on the newest
 *       row of the table (its detail), each closed with Esc; the first of each (classes loaded, CSS parsed for the
 *       first time) is reported apart. Keys go through {@link Robot} into the window's event queue, as a person's would. The clock
 *       starts when the key is posted (a key waits for a busy FX thread as a person's does); "shown" is when the
 *       dialog's stage joins the showing windows; the figure is when the second animation frame after that begins,
 *       i.e. a whole pulse (CSS, layout, the scene handed to the renderer) has gone by with the dialog in it.</li>
 *   <li>{@code quit}: closes the client and ends the JVM.</li>
 * </ul>
 * Only public JavaFX API and the public client entry point are used; the controls are found by their ids.
 */
public final class DesktopWindow {
    static final String ANSWER = "@bench ";
    private static final long DIALOG_TIMEOUT_SECONDS = 60;

    private final Stage main;
    private final DesktopClient client;
    private final Robot robot;
    private final long fxThreadId;
    /** The dialog the next key press is expected to open; set and read on the FX thread. */
    private Expected expected;

    /** A dialog the harness waits for: when its stage joined the showing windows, when it was drawn, when it closed. */
    private static final class Expected {
        final CompletableFuture<Long> shown = new CompletableFuture<>();
        final CompletableFuture<Long> drawn = new CompletableFuture<>();
        final CompletableFuture<Long> closed = new CompletableFuture<>();
        Stage stage;
    }

    private DesktopWindow(Stage main, DesktopClient client, Robot robot, long fxThreadId) {
        this.main = main;
        this.client = client;
        this.robot = robot;
        this.fxThreadId = fxThreadId;
    }

    /** Arguments: HOST PORT USER. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("Usage: DesktopWindow HOST PORT USER");
            System.exit(2);
        }
        ControllerAddress address = new ControllerAddress(args[0], Integer.parseInt(args[1]));
        DesktopOptions options = new DesktopOptions(address, args[2], 0, false, null);
        CompletableFuture<DesktopWindow> opened = new CompletableFuture<>();
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                DesktopClient client = DesktopClient.open(stage, options);
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(1280);
                stage.setHeight(800);
                stage.show();
                DesktopWindow w = new DesktopWindow(stage, client, new Robot(), Thread.currentThread().getId());
                Window.getWindows().addListener(w::windowsChanged);
                opened.complete(w);
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            }
        });
        DesktopWindow window = opened.get(60, TimeUnit.SECONDS);
        int status = 0;
        try {
            window.serve();
        } catch (Exception e) {
            System.err.println("window: the measurement failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("window: caused by " + cause);
            }
            status = 1;
        } finally {
            window.client.close();
            Platform.exit();
        }
        System.exit(status);
    }

    private void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "rows" -> answer(rows());
                case "watch" -> answer(watch(Integer.parseInt(cmd[1])));
                case "press" -> answer(press(Integer.parseInt(cmd[1])));
                case "quit" -> {
                    return;
                }
                default -> answer("error unknown command " + line);
            }
        }
    }

    private static void answer(String text) {
        System.out.println(ANSWER + text);
        System.out.flush();
    }

    // ------------------------------------------------------------ what the table shows

    private String rows() throws Exception {
        return onFx(() -> {
            TableView<?> table = table();
            int count = table.getItems().size();
            long newest = -1;
            TableColumn<?, ?> id = idColumn(table);
            for (int i = 0; i < Math.min(count, 50); i++) { // newest first unless the person sorted otherwise
                TaskRecord t = taskOf(id.getCellData(i));
                if (t != null) {
                    newest = Math.max(newest, t.id());
                }
            }
            return "rows " + count + " " + newest;
        });
    }

    /**
     * The task a cell of the id column draws: a record, or the window's row view of one (a package-private record
     * with a {@code task()} accessor, since arrays fold into rows), read reflectively from here.
     */
    private static TaskRecord taskOf(Object cell) {
        if (cell instanceof TaskRecord t) {
            return t;
        }
        if (cell == null) {
            return null;
        }
        try {
            java.lang.reflect.Method task = cell.getClass().getDeclaredMethod("task");
            task.setAccessible(true);
            return task.invoke(cell) instanceof TaskRecord t ? t : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private TableView<?> table() {
        Node n = main.getScene().lookup("#history");
        if (!(n instanceof TableView<?> table)) {
            throw new IllegalStateException("The window has no table with the id 'history'.");
        }
        return table;
    }

    private static TableColumn<?, ?> idColumn(TableView<?> table) {
        for (TableColumn<?, ?> c : table.getColumns()) {
            if ("id-column".equals(c.getId())) {
                return c;
            }
        }
        throw new IllegalStateException("The history table has no column with the id 'id-column'.");
    }

    // ------------------------------------------------------------ the FX thread while events arrive

    private String watch(int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long renderer = threadNamed("QuantumRenderer");
        long fx0 = threads.getThreadCpuTime(fxThreadId);
        long r0 = renderer < 0 ? 0 : threads.getThreadCpuTime(renderer);
        long p0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<Double> probe;
        try (LatencyProbe p = new LatencyProbe()) {
            Thread.sleep(seconds * 1000L);
            probe = p.samples();
        }
        long wall = System.nanoTime() - t0;
        long fx = threads.getThreadCpuTime(fxThreadId) - fx0;
        long r = renderer < 0 ? 0 : threads.getThreadCpuTime(renderer) - r0;
        long p = os.getProcessCpuTime() - p0;
        return String.format(Locale.ROOT, "watched fx_cpu_ms=%.1f wall_ms=%.1f process_cpu_ms=%.1f renderer_cpu_ms=%.1f probe_ms=%s",
                fx / 1e6, wall / 1e6, p / 1e6, r / 1e6, join(probe));
    }

    private static long threadNamed(String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                return t.getId();
            }
        }
        return -1;
    }

    // ------------------------------------------------------------ key press to a drawn dialog

    private String press(int times) throws Exception {
        Random jitter = new Random(21);
        List<Double> submit = new ArrayList<>();
        List<Double> submitShown = new ArrayList<>();
        List<Double> detail = new ArrayList<>();
        List<Double> detailShown = new ArrayList<>();
        int[] escFailures = {0};
        double[] cold = new double[2];
        for (int i = 0; i <= times; i++) { // the first opens a dialog never shown before: reported apart
            onFx(() -> {
                main.requestFocus();
                return null;
            });
            Thread.sleep(150 + jitter.nextInt(150));
            double[] t = openAndClose(() -> {
                robot.keyPress(KeyCode.CONTROL);
                robot.keyPress(KeyCode.N);
                robot.keyRelease(KeyCode.N);
                robot.keyRelease(KeyCode.CONTROL);
            }, escFailures);
            if (i == 0) {
                cold[0] = t[1];
                continue;
            }
            submitShown.add(t[0]);
            submit.add(t[1]);
        }
        for (int i = 0; i <= times; i++) {
            onFx(() -> {
                main.requestFocus();
                TableView<?> table = table();
                table.requestFocus();
                table.getSelectionModel().clearAndSelect(0);
                return null;
            });
            Thread.sleep(150 + jitter.nextInt(150));
            double[] t = openAndClose(() -> {
                robot.keyPress(KeyCode.ENTER);
                robot.keyRelease(KeyCode.ENTER);
            }, escFailures);
            if (i == 0) {
                cold[1] = t[1];
                continue;
            }
            detailShown.add(t[0]);
            detail.add(t[1]);
        }
        return "pressed submit_ms=" + join(submit) + " submit_shown_ms=" + join(submitShown) + " detail_ms=" + join(detail)
                + " detail_shown_ms=" + join(detailShown) + String.format(Locale.ROOT, " submit_first_ms=%.2f detail_first_ms=%.2f",
                cold[0], cold[1]) + " esc_failures=" + escFailures[0];
    }

    /** Posts {@code keys} on the FX thread, waits for the dialog they open to be drawn, closes it with Esc. */
    private double[] openAndClose(Runnable keys, int[] escFailures) throws Exception {
        Expected e = new Expected();
        onFx(() -> {
            expected = e;
            return null;
        });
        long t0 = System.nanoTime();
        Platform.runLater(keys);
        long shown;
        long drawn;
        try {
            shown = e.shown.get(DIALOG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            drawn = e.drawn.get(DIALOG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException ex) {
            throw new IllegalStateException("No dialog was drawn within " + DIALOG_TIMEOUT_SECONDS + " s of the key press.");
        }
        Platform.runLater(() -> {
            e.stage.requestFocus();
            robot.keyPress(KeyCode.ESCAPE);
            robot.keyRelease(KeyCode.ESCAPE);
        });
        try {
            e.closed.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException ex) {
            escFailures[0]++;
            onFx(() -> {
                e.stage.close();
                return null;
            });
            e.closed.get(10, TimeUnit.SECONDS);
        }
        onFx(() -> {
            expected = null;
            return null;
        });
        return new double[]{(shown - t0) / 1e6, (drawn - t0) / 1e6};
    }

    /** On the FX thread: a stage owned by the main window appeared or went away (popups and tooltips are not stages). */
    private void windowsChanged(ListChangeListener.Change<? extends Window> c) {
        long now = System.nanoTime();
        while (c.next()) {
            for (Window w : c.getAddedSubList()) {
                Expected e = expected;
                if (e != null && e.stage == null && w instanceof Stage s && s.getOwner() == main) {
                    e.stage = s;
                    e.shown.complete(now);
                    new AnimationTimer() {
                        private int frames;

                        @Override
                        public void handle(long pulse) {
                            if (++frames == 2) {
                                e.drawn.complete(System.nanoTime());
                                stop();
                            }
                        }
                    }.start();
                }
            }
            for (Window w : c.getRemoved()) {
                Expected e = expected;
                if (e != null && e.stage == w) {
                    e.closed.complete(now);
                }
            }
        }
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(DIALOG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String join(List<Double> values) {
        return values.isEmpty() ? "-" : values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(","));
    }
}
