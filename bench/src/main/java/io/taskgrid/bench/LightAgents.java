package io.taskgrid.bench;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskState;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Agents that live in the harness JVM and speak the real agent protocol over RMI (register with a queue ahead as
 * large as their slots, like a real agent's default; heartbeat; batched assignments; batched reports) but run
 * nothing: a task succeeds as soon as it arrives. Like a real agent, each sends its outcomes in one report call
 * per batch, with the start time inside the outcome, and takes the tasks the controller gives in its answer. Unlike
 * one, its heartbeats come from another thread than its reports; harmless here, as it starts tasks in no order the
 * controller could get wrong. While {@link #hold} is on they keep what they are given without answering, so a queue
 * can be built up first.
 *
 * <p>Threads: "bench-light-report-N" (outcomes back to the controller), "bench-light-heartbeat".
 */
final class LightAgents implements AutoCloseable {
    private static final List<RuntimeInfo> RUNTIMES = List.of(
            new RuntimeInfo(Language.SHELL, "/bin/sh", "bench"),
            new RuntimeInfo(Language.BASH, "/bin/bash", "bench"),
            new RuntimeInfo(Language.EXECUTABLE, "", "bench"));

    private final List<Light> agents = new ArrayList<>();
    private final ExecutorService reporters;
    private final ScheduledExecutorService heartbeats;
    private final AtomicLong finished = new AtomicLong();
    /** Notified after every report, for {@link #awaitFinished}. */
    private final Object progress = new Object();
    private final Object gate = new Object();
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();
    private int heldTasks;

    LightAgents(int reporterThreads) {
        AtomicInteger n = new AtomicInteger();
        reporters = Executors.newFixedThreadPool(reporterThreads, r -> new Thread(r, "bench-light-report-" + n.incrementAndGet()));
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-light-heartbeat"));
    }

    /** Registers {@code count} agents with {@code slots} each and a real agent's default queue ahead (= slots). */
    void register(ControllerService controller, String prefix, int count, int slots) {
        register(controller, prefix, count, slots, slots);
    }

    /** Registers {@code count} agents with {@code slots} each; they send a heartbeat every 2 s. */
    void register(ControllerService controller, String prefix, int count, int slots, int queueAhead) {
        register(controller, prefix, count, slots, queueAhead, i -> List.of());
    }

    /**
     * Registers {@code count} agents with {@code slots} each, agent {@code i} offering {@code labels.apply(i)} (as
     * {@code taskgrid agent --label} would); they send a heartbeat every 2 s.
     */
    void register(ControllerService controller, String prefix, int count, int slots, int queueAhead, IntFunction<List<String>> labels) {
        register(controller, prefix, count, slots, queueAhead, labels, 0);
    }

    /** As above, each agent offering {@code memoryBytes} to tasks that ask for memory. */
    void register(ControllerService controller, String prefix, int count, int slots, int queueAhead, IntFunction<List<String>> labels,
                  long memoryBytes) {
        for (int i = 0; i < count; i++) {
            Light a = new Light(prefix + "-" + i);
            try {
                AgentService stub = (AgentService) UnicastRemoteObject.exportObject(a, 0);
                a.session = controller.registerAgent(new AgentRegistration(a.id, "127.0.0.1", slots, RUNTIMES, Version.PROTOCOL,
                        List.of(), queueAhead, null, labels.apply(i), memoryBytes), stub);
            } catch (Exception e) {
                throw new BenchException("A light agent could not register: " + e.getMessage(), e);
            }
            agents.add(a);
        }
        heartbeats.scheduleAtFixedRate(this::beat, 2, 2, TimeUnit.SECONDS);
    }

    private void beat() {
        for (Light a : agents) {
            try {
                a.session.heartbeat(new AgentHeartbeat(-1, 0, 0, List.of(), Instant.now()));
            } catch (Exception e) {
                System.err.println("Light agent " + a.id + " heartbeat failed: " + e.getMessage());
            }
        }
    }

    /** From now on tasks are kept, not answered, until {@link #release}. */
    void hold() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Answers every kept task and all later ones at once. */
    void release() {
        List<Runnable> now;
        synchronized (gate) {
            holding = false;
            now = new ArrayList<>(held);
            held.clear();
            heldTasks = 0;
        }
        now.forEach(Runnable::run);
    }

    /** Tasks kept since {@link #hold}. */
    int heldCount() {
        synchronized (gate) {
            return heldTasks;
        }
    }

    long finished() {
        return finished.get();
    }

    /**
     * Waits until {@code target} tasks have been reported in all (counted as {@link #finished}), woken by each report
     * rather than polling, so a caller that reacts to one task's end (one task at a time) loses no time to a poll.
     */
    void awaitFinished(long target, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long left;
            while (finished.get() < target) {
                left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BenchException("Gave up waiting " + timeout.toSeconds() + " s for " + what + " ("
                            + finished.get() + " of " + target + " reported).");
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BenchException("Interrupted while waiting for " + what, e);
                }
            }
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        reporters.shutdownNow();
        for (Light a : agents) {
            try {
                a.session.leave();
            } catch (RemoteException e) {
                // the controller may be gone already
            }
            try {
                UnicastRemoteObject.unexportObject(a, true);
            } catch (NoSuchObjectException e) {
                // never exported
            }
        }
        agents.clear();
    }

    private final class Light implements AgentService {
        final String id;
        volatile AgentSession session;
        private final Queue<TaskOutcome> done = new ConcurrentLinkedQueue<>();
        /** Whether a drain of {@link #done} is scheduled or running: one report call at a time per agent. */
        private final AtomicBoolean draining = new AtomicBoolean();

        Light(String id) {
            this.id = id;
        }

        @Override
        public void execute(TaskAssignment t) {
            executeAll(List.of(t));
        }

        @Override
        public int executeAll(List<TaskAssignment> tasks) {
            Instant now = Instant.now();
            List<TaskOutcome> outcomes = tasks.stream().map(t -> new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                    0, "", "", null, now, now, null, ResourceUsage.NONE)).toList();
            synchronized (gate) {
                if (holding) {
                    held.add(() -> finish(outcomes));
                    heldTasks += outcomes.size();
                    return tasks.size();
                }
            }
            finish(outcomes);
            return tasks.size();
        }

        private void finish(List<TaskOutcome> outcomes) {
            done.addAll(outcomes);
            if (draining.compareAndSet(false, true)) {
                reporters.execute(this::drain);
            }
        }

        /** Reports what ended in batches, until nothing is left (and no other drain took over). */
        private void drain() {
            while (true) {
                List<TaskOutcome> batch = new ArrayList<>();
                TaskOutcome o;
                while (batch.size() < 256 && (o = done.poll()) != null) {
                    batch.add(o);
                }
                if (batch.isEmpty()) {
                    draining.set(false);
                    if (done.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                try {
                    List<TaskAssignment> more = session.reportAndTake(List.of(), batch);
                    finished.addAndGet(batch.size());
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                    if (!more.isEmpty()) { // taken before the next report, like a real agent
                        executeAll(more);
                    }
                } catch (Exception e) {
                    System.err.println("Light agent " + id + " could not report " + batch.size() + " tasks: " + e.getMessage());
                }
            }
        }

        @Override
        public boolean cancel(long taskId, long token, String reason) {
            return false;
        }
    }

    static Duration heartbeatTimeout() {
        return Duration.ofSeconds(30);
    }
}
