package io.taskgrid.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs the shell's commands one at a time, each on a thread of its own ("taskgrid-shell-command"), so that Ctrl-C can
 * stop a command without stopping the shell: {@link #interrupt()} interrupts it, and a command that does not end
 * within the grace (a call to the controller does not heed interrupts) is left to end in the background.
 */
final class CommandWorker {
    private static final Logger LOG = LoggerFactory.getLogger(CommandWorker.class);

    private final Duration grace;
    private Thread running; // guarded by this
    private long giveUpAt; // guarded by this: System.nanoTime() after an interrupt, 0 before

    CommandWorker(Duration grace) {
        this.grace = grace;
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @return its result, or empty when it was interrupted and did not end within the grace (it is abandoned)
     * @throws IllegalStateException with the command's own unexpected failure as cause
     */
    <T> Optional<T> run(Callable<T> command) {
        FutureTask<T> task = new FutureTask<>(command) {
            @Override
            protected void done() {
                synchronized (CommandWorker.this) {
                    CommandWorker.this.notifyAll();
                }
            }
        };
        Thread thread = new Thread(task, "taskgrid-shell-command");
        thread.setDaemon(true); // an abandoned command must not keep the JVM alive after the shell ended
        synchronized (this) {
            running = thread;
            giveUpAt = 0;
        }
        thread.start();
        try {
            if (!awaitEnd(task)) {
                LOG.debug("A command did not end within {} of Ctrl-C; it is left to end in the background.", grace);
                return Optional.empty();
            }
            return Optional.ofNullable(task.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return Optional.empty();
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    /** Waits until {@code task} is done, or the grace after an interrupt has passed ({@code false}). */
    private synchronized boolean awaitEnd(FutureTask<?> task) throws InterruptedException {
        while (!task.isDone()) {
            if (giveUpAt == 0) {
                wait();
            } else {
                long left = giveUpAt - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Ctrl-C: interrupts the running command, if any; the wait for it ends after the grace (a second one: at once). */
    synchronized void interrupt() {
        if (running == null) {
            return;
        }
        running.interrupt();
        // A second Ctrl-C within the grace stops waiting at once.
        giveUpAt = giveUpAt == 0 ? System.nanoTime() + grace.toNanos() : System.nanoTime();
        notifyAll();
    }
}
