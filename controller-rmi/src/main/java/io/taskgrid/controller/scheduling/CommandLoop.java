package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.NamedThreads;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.TaskHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's single thread ("taskgrid-scheduler") and its group commit. Other threads hand it commands; a command
 * changes the scheduler's state and hands what it changed to {@link #persist}; the changes of every command that is
 * waiting are written in one transaction (at most {@link #MAX_BATCH} tasks), and only after that commit are they
 * announced, sent to agents and acknowledged to the callers ({@link #afterCommit}, {@link #call}), so "persisted before
 * announced or acknowledged" holds while a burst costs one commit instead of one per change.
 */
final class CommandLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    /** Tasks whose changes one transaction writes at most. */
    static final int MAX_BATCH = 512;

    private final TaskHistory store;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, inbox,
            NamedThreads.single("taskgrid-scheduler"));

    // ---- loop-thread state
    private final Map<Long, TaskRecord> unsaved = new LinkedHashMap<>();
    private final Map<String, TaskAttempt> unsavedAttempts = new LinkedHashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    /** Task and attempt changes handed to the group commit so far; tells whether a command wrote anything. */
    private long changesQueued;
    /** Since when writes of the history fail (null while they succeed): what they carried waits in memory. */
    private Instant failedWritesSince;

    CommandLoop(TaskHistory store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Saves a task's new state with the next group commit (the latest state of a task wins). */
    void persist(TaskRecord r) {
        changesQueued++;
        unsaved.remove(r.id());
        unsaved.put(r.id(), r);
    }

    /** The latest state of task {@code id} handed to the group commit and not yet written, or {@code null}; loop thread. */
    TaskRecord unsaved(long id) {
        return unsaved.get(id);
    }

    /** Saves an attempt with the next group commit, in the same transaction as its task (the latest wins). */
    void persistAttempt(TaskAttempt attempt) {
        changesQueued++;
        String key = attempt.taskId() + "#" + attempt.attempt();
        unsavedAttempts.remove(key);
        unsavedAttempts.put(key, attempt);
    }

    /** Runs {@code action} on the loop's thread once everything changed so far is committed, in order. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Makes the caller of the running command wait for the next commit, as if the command had changed something. */
    void holdAnswerForCommit() {
        changesQueued++;
    }

    /** Runs a command on the scheduler thread; commits when nothing else waits (or the batch is full). */
    private void execute(Runnable command) {
        thread.execute(() -> {
            try {
                command.run();
            } catch (RuntimeException e) {
                LOG.error("A scheduler command failed", e);
            }
            if (inbox.isEmpty() || unsaved.size() >= MAX_BATCH || afterCommit.size() >= 4 * MAX_BATCH) {
                commit();
            }
        });
    }

    /**
     * Writes what the commands since the last commit changed, in one transaction, then runs what waited for it
     * (announcements, dispatches, replies) in order; what those change is committed in the next round.
     */
    private void commit() {
        while (!unsaved.isEmpty() || !unsavedAttempts.isEmpty() || !afterCommit.isEmpty()) {
            List<TaskRecord> batch = List.copyOf(unsaved.values());
            List<TaskAttempt> attempts = List.copyOf(unsavedAttempts.values());
            List<Runnable> then = List.copyOf(afterCommit);
            unsaved.clear();
            unsavedAttempts.clear();
            afterCommit.clear();
            try {
                store.updateAll(batch, attempts);
            } catch (RuntimeException e) {
                keepForRetry(batch, attempts, then, e);
                return;
            }
            if (failedWritesSince != null) {
                LOG.info("The history takes writes again after {} s; every change kept meanwhile is written now.",
                        Duration.between(failedWritesSince, clock.instant()).toSeconds());
                failedWritesSince = null;
            }
            for (Runnable r : then) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("An action after a commit failed", e);
                }
            }
        }
    }

    /**
     * A write of the history failed (its disk is full, its folder gone): nothing of this batch may be announced, sent
     * or acknowledged, since it is not in the history, but it stays in memory, ahead of what comes next, and every
     * later commit (the next heartbeat's, at the latest) writes it again, so that it reaches the history once there is
     * room. The callers that waited for it get the error.
     */
    private void keepForRetry(List<TaskRecord> batch, List<TaskAttempt> attempts, List<Runnable> then, RuntimeException e) {
        if (failedWritesSince == null) {
            failedWritesSince = clock.instant();
            LOG.error("Writing {} task changes to the history failed ({}). The controller keeps them and writes them as soon"
                    + " as it can; until then they are not announced and their callers get the error. Check the data folder"
                    + " (disk full? removed?).", batch.size(), e.getMessage(), e);
        } else {
            LOG.debug("The history still takes no writes: {}", e.getMessage());
        }
        Map<Long, TaskRecord> newer = new LinkedHashMap<>(unsaved);
        unsaved.clear();
        batch.forEach(r -> unsaved.put(r.id(), r));
        unsaved.putAll(newer);
        Map<String, TaskAttempt> newerAttempts = new LinkedHashMap<>(unsavedAttempts);
        unsavedAttempts.clear();
        attempts.forEach(a -> unsavedAttempts.put(a.taskId() + "#" + a.attempt(), a));
        unsavedAttempts.putAll(newerAttempts);
        List<Runnable> later = new ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Runnable r : then) {
            if (r instanceof Reply<?> reply) {
                reply.fail(e);
            } else {
                afterCommit.add(r);
            }
        }
        afterCommit.addAll(later);
    }

    /** A caller's answer, handed over once the changes of its command are committed. */
    private record Reply<T>(CompletableFuture<T> future, T value) implements Runnable {
        @Override
        public void run() {
            future.complete(value);
        }

        void fail(Throwable e) {
            future.completeExceptionally(e);
        }
    }

    void post(Runnable command) {
        try {
            execute(command);
        } catch (RejectedExecutionException e) {
            LOG.debug("Scheduler stopped; a command was dropped");
        }
    }

    /** Runs a command on the scheduler thread and returns its result once its changes are committed. */
    <T> T call(Callable<T> command) {
        return call(false, command);
    }

    /**
     * @param atOnceUnlessChanged answer as soon as the command ran when it handed no change to the group commit,
     *                            instead of after the next commit
     */
    <T> T call(boolean atOnceUnlessChanged, Callable<T> command) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            execute(() -> {
                long changesBefore = changesQueued;
                T value;
                try {
                    value = command.call();
                } catch (Exception e) {
                    f.completeExceptionally(e);
                    return;
                }
                if (atOnceUnlessChanged && changesQueued == changesBefore) {
                    f.complete(value);
                } else {
                    afterCommit.add(new Reply<>(f, value));
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("The controller is stopping.", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the scheduler.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the thread after what is queued; waits up to 5 s. Idempotent. */
    @Override
    public void close() {
        thread.shutdown();
        EventHub.shutdown(thread, Duration.ofSeconds(5));
    }
}
