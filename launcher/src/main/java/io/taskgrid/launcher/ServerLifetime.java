package io.taskgrid.launcher;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server command alive until Ctrl-C (or SIGTERM), then closes what it started, last started
 * first, and lets the command return.
 */
final class ServerLifetime {
    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrintWriter out;

    ServerLifetime(PrintWriter out) {
        this.out = out;
        // Registered at once, so that Ctrl-C during start-up also closes what already runs.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "taskgrid-shutdown"));
    }

    synchronized void add(AutoCloseable resource) {
        started.add(resource);
    }

    synchronized List<AutoCloseable> started() {
        return List.copyOf(started);
    }

    /** Blocks until the JVM is asked to stop; the shutdown hook closes everything first. */
    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        out.println("Stopping TaskGrid…");
        out.flush();
        List<AutoCloseable> toClose = new ArrayList<>(started);
        started.clear();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                out.println("Could not stop cleanly: " + e.getMessage());
            }
        }
        out.println("Stopped.");
        out.flush();
        stopped.countDown();
    }
}
