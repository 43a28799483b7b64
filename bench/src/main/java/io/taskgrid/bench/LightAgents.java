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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agents that live in the harness JVM and speak the real agent protocol over RMI (register, heartbeat,
 * taskStarted, taskFinished) but run nothing: a task succeeds as soon as it arrives. While {@link #hold} is
 * on they keep what they are given without answering, so a queue can be built up first.
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
    private final Object gate = new Object();
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();

    LightAgents(int reporterThreads) {
        AtomicInteger n = new AtomicInteger();
        reporters = Executors.newFixedThreadPool(reporterThreads, r -> new Thread(r, "bench-light-report-" + n.incrementAndGet()));
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-light-heartbeat"));
    }

    /** Registers {@code count} agents with {@code slots} each; they send a heartbeat every 2 s. */
    void register(ControllerService controller, String prefix, int count, int slots) {
        for (int i = 0; i < count; i++) {
            Light a = new Light(prefix + "-" + i);
            try {
                AgentService stub = (AgentService) UnicastRemoteObject.exportObject(a, 0);
                a.session = controller.registerAgent(new AgentRegistration(a.id, "127.0.0.1", slots, RUNTIMES, Version.PROTOCOL, List.of()), stub);
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
        }
        now.forEach(reporters::execute);
    }

    int heldCount() {
        synchronized (gate) {
            return held.size();
        }
    }

    long finished() {
        return finished.get();
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

        Light(String id) {
            this.id = id;
        }

        @Override
        public void execute(TaskAssignment t) {
            Runnable report = () -> {
                try {
                    Instant started = Instant.now();
                    session.taskStarted(t.taskId(), t.attempt(), started);
                    session.taskFinished(new TaskOutcome(t.taskId(), t.attempt(), TaskState.SUCCEEDED, 0, "", "", null,
                            started, Instant.now(), null, ResourceUsage.NONE));
                    finished.incrementAndGet();
                } catch (Exception e) {
                    System.err.println("Light agent " + id + " could not report task " + t.taskId() + ": " + e.getMessage());
                }
            };
            synchronized (gate) {
                if (holding) {
                    held.add(report);
                    return;
                }
            }
            reporters.execute(report);
        }

        @Override
        public boolean cancel(long taskId, String reason) {
            return false;
        }
    }

    static Duration heartbeatTimeout() {
        return Duration.ofSeconds(30);
    }
}
