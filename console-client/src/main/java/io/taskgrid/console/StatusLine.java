package io.taskgrid.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Refreshes the shell's status line on one daemon thread ("taskgrid-shell-status") every {@code every}, paused while a
 * command runs (the command has the terminal to itself) and stopped, once, on {@link #close()}.
 */
final class StatusLine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusLine.class);
    static final Duration EVERY = Duration.ofSeconds(2);

    private final Supplier<String> report;
    private final Consumer<String> show;
    private final Duration every;
    private final Thread thread;
    private boolean paused; // guarded by this
    private boolean stopped; // guarded by this
    private boolean wanted; // guarded by this: a refresh asked for before the next period

    /**
     * @param report computes the line (may block on the controller)
     * @param show   draws it
     */
    StatusLine(Supplier<String> report, Consumer<String> show, Duration every) {
        this.report = Objects.requireNonNull(report, "report");
        this.show = Objects.requireNonNull(show, "show");
        this.every = Objects.requireNonNull(every, "every");
        this.thread = new Thread(this::refreshUntilStopped, "taskgrid-shell-status");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A command starts: no refresh until {@link #resume()}. */
    synchronized void pause() {
        paused = true;
    }

    /** Back at the prompt: refreshes at once, then every period. */
    synchronized void resume() {
        paused = false;
        wanted = true;
        notifyAll();
    }

    private void refreshUntilStopped() {
        while (awaitTurn()) {
            try {
                String line = report.get();
                if (isShowing()) {
                    show.accept(line);
                }
            } catch (RuntimeException e) {
                // One failed refresh must not end the line: the next period tries again.
                LOG.debug("The status line could not be refreshed.", e);
            }
        }
    }

    /** Waits for the next refresh; {@code false} once stopped. */
    private synchronized boolean awaitTurn() {
        long until = System.nanoTime() + every.toNanos();
        try {
            while (!stopped && (paused || !wanted && System.nanoTime() < until)) {
                if (paused) {
                    wait();
                } else {
                    wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            return false;
        }
        wanted = false;
        return !stopped;
    }

    private synchronized boolean isShowing() {
        return !paused && !stopped;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(every.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
