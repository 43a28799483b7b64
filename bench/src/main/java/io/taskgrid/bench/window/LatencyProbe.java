package io.taskgrid.bench.window;

import javafx.application.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a {@code Platform.runLater} waits for the FX thread, sampled every 20 ms by the thread "bench-fx-probe"
 * (as fx-client's HistoryScaleIT samples it). A sample that waits 10 s is counted as 10 s.
 */
final class LatencyProbe implements AutoCloseable {
    private final List<Double> millis = new ArrayList<>();
    private final Thread thread = new Thread(this::sample, "bench-fx-probe");
    private volatile boolean running = true;

    LatencyProbe() {
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            CountDownLatch ran = new CountDownLatch(1);
            long t = System.nanoTime();
            Platform.runLater(ran::countDown);
            try {
                boolean done = ran.await(10, TimeUnit.SECONDS);
                synchronized (millis) {
                    millis.add(done ? (System.nanoTime() - t) / 1e6 : 10_000.0);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Double> samples() {
        synchronized (millis) {
            return List.copyOf(millis);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2_000);
    }
}
