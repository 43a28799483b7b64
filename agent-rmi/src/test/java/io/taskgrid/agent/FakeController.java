package io.taskgrid.agent;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientSession;

import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A controller written for the tests: its own registry on a free loopback port, recording what agents send. */
final class FakeController implements ControllerService, AutoCloseable {
    record Started(long taskId, int attempt, Instant at) {
    }

    final int port;
    final BlockingQueue<AgentRegistration> registrations = new LinkedBlockingQueue<>();
    final BlockingQueue<AgentHeartbeat> heartbeats = new LinkedBlockingQueue<>();
    final BlockingQueue<Started> started = new LinkedBlockingQueue<>();
    final BlockingQueue<TaskOutcome> finished = new LinkedBlockingQueue<>();
    final List<Object> sessions = new CopyOnWriteArrayList<>();
    final AtomicInteger leaves = new AtomicInteger();
    /** Calls of {@code reportAndTake}, whatever they carried. */
    final AtomicInteger reportCalls = new AtomicInteger();
    /** How many of the next heartbeats / finished reports to refuse with UnknownAgentException. */
    final AtomicInteger refuseHeartbeats = new AtomicInteger();
    final AtomicInteger refuseFinished = new AtomicInteger();
    volatile AgentService agent;
    private Registry registry;

    FakeController(int port) {
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    FakeController bind() throws RemoteException {
        registry = LocateRegistry.createRegistry(port);
        ControllerService stub = (ControllerService) UnicastRemoteObject.exportObject(this, 0);
        registry.rebind(REGISTRY_NAME, stub);
        return this;
    }

    <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T value = queue.poll(30, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("no " + what + " arrived within 30 s");
        }
        return value;
    }

    @Override
    public ClientSession openSession(ClientHello hello, ClientCallback callback) {
        throw new UnsupportedOperationException("agents only");
    }

    @Override
    public AgentSession registerAgent(AgentRegistration registration, AgentService agent) throws RemoteException {
        this.agent = agent;
        Session session = new Session(registration.agentId());
        sessions.add(session);
        AgentSession stub = (AgentSession) UnicastRemoteObject.exportObject(session, 0);
        registrations.add(registration);
        return stub;
    }

    final class Session implements AgentSession {
        private final String agentId;

        Session(String agentId) {
            this.agentId = agentId;
        }

        @Override
        public void heartbeat(AgentHeartbeat heartbeat) throws UnknownAgentException {
            if (refuseHeartbeats.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new UnknownAgentException(agentId);
            }
            heartbeats.add(heartbeat);
        }

        @Override
        public void taskStarted(TaskStart start) {
            started.add(new Started(start.taskId(), start.attempt(), start.startedAt()));
        }

        @Override
        public void taskFinished(TaskOutcome outcome) throws UnknownAgentException {
            if (refuseFinished.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new UnknownAgentException(agentId);
            }
            finished.add(outcome);
        }

        @Override
        public List<TaskAssignment> reportAndTake(List<TaskStart> starts, List<TaskOutcome> outcomes)
                throws RemoteException, UnknownAgentException {
            reportCalls.incrementAndGet();
            report(starts, outcomes);
            return List.of();
        }

        @Override
        public void leave() {
            leaves.incrementAndGet();
        }
    }

    @Override
    public void close() throws NoSuchObjectException {
        for (Object s : sessions) {
            UnicastRemoteObject.unexportObject((java.rmi.Remote) s, true);
        }
        UnicastRemoteObject.unexportObject(this, true);
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }
}
