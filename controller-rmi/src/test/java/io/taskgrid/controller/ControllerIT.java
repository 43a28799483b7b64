package io.taskgrid.controller;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller over real RMI on loopback, with fake agents and clients exported in this JVM. */
class ControllerIT {
    @TempDir
    Path data;
    @TempDir
    Path shared;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Remote> exported = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        for (Remote r : exported) {
            try {
                UnicastRemoteObject.unexportObject(r, true);
            } catch (java.rmi.NoSuchObjectException e) {
                // already gone
            }
        }
    }

    private ControllerServer startController(Duration heartbeatTimeout) {
        ControllerServer server = ControllerServer.start(new ControllerConfig(0, data, shared, 4, null, heartbeatTimeout));
        cleanup.add(server);
        return server;
    }

    private ControllerService lookup(ControllerServer server) throws Exception {
        return (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port()).lookup(ControllerService.REGISTRY_NAME);
    }

    /** A fake agent: reports started, then finishes at once (auto) or holds the task until cancelled. */
    final class FakeAgent implements AgentService {
        final String id;
        final boolean auto;
        final BlockingQueue<TaskAssignment> executed = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> cancelled = new LinkedBlockingQueue<>();
        final Set<Long> holding = ConcurrentHashMap.newKeySet();
        final ExecutorService worker;
        volatile AgentSession session;
        /** execute may arrive before registerAgent returns (the controller dispatches at once). */
        final CountDownLatch registered = new CountDownLatch(1);
        ScheduledExecutorService heartbeats;

        FakeAgent(String id, boolean auto) {
            this.id = id;
            this.auto = auto;
            this.worker = Executors.newSingleThreadExecutor(NamedThreads.single("fake-agent-" + id));
            cleanup.add(() -> worker.shutdownNow());
        }

        FakeAgent register(ControllerService controller) throws Exception {
            AgentService stub = (AgentService) UnicastRemoteObject.exportObject(this, 0);
            exported.add(this);
            session = controller.registerAgent(new AgentRegistration(id, "host-" + id, 2,
                    List.of(new RuntimeInfo(Language.PYTHON, "python3", "3")), Version.PROTOCOL, List.of()), stub);
            registered.countDown();
            return this;
        }

        FakeAgent heartbeatEvery(Duration period) {
            heartbeats = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("fake-heartbeat-" + id));
            cleanup.add(() -> heartbeats.shutdownNow());
            heartbeats.scheduleAtFixedRate(() -> {
                try {
                    session.heartbeat(new AgentHeartbeat(0.1, holding.size(), 0, List.of(), Instant.now()));
                } catch (Exception e) {
                    // the controller may have stopped; the test asserts on outcomes
                }
            }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        }

        @Override
        public void execute(TaskAssignment a) {
            executed.add(a);
            worker.execute(() -> {
                try {
                    assertTrue(registered.await(5, TimeUnit.SECONDS));
                    session.taskStarted(new TaskStart(a.taskId(), a.attempt(), a.token(), Instant.now()));
                    if (auto) {
                        session.taskFinished(new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.SUCCEEDED, 0, "hello from " + id,
                                "", null, Instant.now(), Instant.now(), "results/" + a.project() + "/" + a.taskId(), null));
                    } else {
                        holding.add(a.taskId());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public boolean cancel(long taskId, long token, String reason) {
            cancelled.add(taskId);
            if (!holding.remove(taskId)) {
                return false;
            }
            worker.execute(() -> {
                try {
                    session.taskFinished(new TaskOutcome(taskId, 1, token, TaskState.CANCELLED, null, "", "", "Cancelled: " + reason,
                            Instant.now(), Instant.now(), null, null));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return true;
        }
    }

    /** A client callback that collects events, or blocks until released. */
    final class Client implements ClientCallback {
        final BlockingQueue<GridEvent> events = new LinkedBlockingQueue<>();
        final CountDownLatch release;
        ClientSession session;

        Client(boolean blocking) {
            this.release = new CountDownLatch(blocking ? 1 : 0);
            cleanup.add(release::countDown);
        }

        Client open(ControllerService controller) throws Exception {
            ClientCallback stub = (ClientCallback) UnicastRemoteObject.exportObject(this, 0);
            exported.add(this);
            session = controller.openSession(new ClientHello("ann", ClientKind.SCRIPT, null), stub);
            return this;
        }

        @Override
        public void onEvents(List<GridEvent> batch) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.addAll(batch);
        }

        /** The states of task {@code id}, in event order, until {@code last} is seen. */
        List<TaskState> statesUntil(long id, TaskState last) throws InterruptedException {
            List<TaskState> states = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (states.isEmpty() || states.get(states.size() - 1) != last) {
                GridEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(e, "task " + id + " did not reach " + last + "; states seen: " + states);
                if (e instanceof TaskEvent te && te.task().id() == id) {
                    states.add(te.task().state());
                }
            }
            return states;
        }
    }

    private static TaskSpec hello() {
        return TaskSpec.builder(ProgramSource.inline("hello.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8))).build();
    }

    @Test
    void aSubmittedTaskIsAnnouncedQueuedRunningSucceededInOrder() throws Exception {
        ControllerServer server = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(server);
        new FakeAgent("a1", true).register(controller);
        Client client = new Client(false).open(controller);
        TaskRecord submitted = client.session.submit(hello());
        assertEquals(TaskState.QUEUED, submitted.state());
        assertEquals(List.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED),
                client.statesUntil(submitted.id(), TaskState.SUCCEEDED));
        TaskRecord done = client.session.task(submitted.id());
        assertEquals("hello from a1", done.output());
        assertEquals("a1", done.agentId());
        assertEquals("t" + done.id(), done.projectId());
        assertEquals(1, client.session.clients().size());
        assertEquals("a1", client.session.agents().get(0).id());
    }

    @Test
    void aRejectedSubmissionIsKeptWithItsSentence() throws Exception {
        ControllerServer server = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(server);
        new FakeAgent("a1", true).register(controller);
        Client client = new Client(false).open(controller);
        TaskRecord rejected = client.session.submit(TaskSpec.builder(ProgramSource.inline("x.rb", "puts 1".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals(TaskState.REJECTED, rejected.state());
        assertEquals("No connected agent runs ruby programs; connected agents run: python.", rejected.message());
        assertEquals(TaskState.REJECTED, client.session.task(rejected.id()).state());
    }

    @Test
    void cancellingARunningTaskReachesItsAgent() throws Exception {
        ControllerServer server = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(server);
        FakeAgent agent = new FakeAgent("a1", false).register(controller);
        Client client = new Client(false).open(controller);
        TaskRecord task = client.session.submit(hello());
        client.statesUntil(task.id(), TaskState.RUNNING);
        assertNotNull(agent.executed.poll(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!agent.holding.contains(task.id())) {
            assertTrue(System.nanoTime() < deadline, "the fake agent never started the task");
            Thread.onSpinWait();
        }
        client.session.cancel(task.id());
        assertEquals(task.id(), agent.cancelled.poll(5, TimeUnit.SECONDS));
        client.statesUntil(task.id(), TaskState.CANCELLED);
        assertEquals(TaskState.CANCELLED, client.session.task(task.id()).state());
    }

    @Test
    void aTaskOfALostAgentIsRequeuedToTheOtherAgent() throws Exception {
        ControllerServer server = startController(Duration.ofMillis(800));
        ControllerService controller = lookup(server);
        FakeAgent silent = new FakeAgent("silent", false).register(controller);
        Client client = new Client(false).open(controller);
        TaskRecord task = client.session.submit(hello());
        assertNotNull(silent.executed.poll(5, TimeUnit.SECONDS), "the first agent never got the task");
        new FakeAgent("healthy", true).register(controller).heartbeatEvery(Duration.ofMillis(100));
        assertEquals(List.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED),
                client.statesUntil(task.id(), TaskState.SUCCEEDED));
        TaskRecord done = client.session.task(task.id());
        assertEquals("healthy", done.agentId());
        assertEquals(2, done.attempt());
        assertThrows(io.taskgrid.api.UnknownAgentException.class,
                () -> silent.session.heartbeat(new AgentHeartbeat(0, 0, 0, List.of(), Instant.now())));
    }

    @Test
    void historySurvivesARestartAndQueuedTasksRunAfterIt() throws Exception {
        ControllerServer first = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(first);
        FakeAgent agent = new FakeAgent("a1", true).register(controller);
        Client client = new Client(false).open(controller);
        TaskRecord ran = client.session.submit(hello());
        client.statesUntil(ran.id(), TaskState.SUCCEEDED);
        UnicastRemoteObject.unexportObject(agent, true);
        exported.remove(agent);
        first.close();

        ControllerServer second = startController(Duration.ofSeconds(10));
        ControllerService again = lookup(second);
        Client client2 = new Client(false).open(again);
        TaskRecord waits = client2.session.submit(hello());
        assertEquals("No agent is connected; it runs as soon as one joins.", client2.session.task(waits.id()).waitReason());
        second.close();

        ControllerServer third = startController(Duration.ofSeconds(10));
        ControllerService third1 = lookup(third);
        Client client3 = new Client(false).open(third1);
        List<TaskRecord> history = client3.session.history(HistoryQuery.newest(10));
        assertEquals(List.of(waits.id(), ran.id()), history.stream().map(TaskRecord::id).toList());
        assertEquals(TaskState.SUCCEEDED, history.get(1).state());
        assertEquals("hello from a1", client3.session.task(ran.id()).output());
        new FakeAgent("a2", true).register(third1);
        client3.statesUntil(waits.id(), TaskState.SUCCEEDED);
        assertEquals("a2", client3.session.task(waits.id()).agentId());
    }

    @Test
    void aBlockedClientDoesNotDelayAnotherClientsEvents() throws Exception {
        ControllerServer server = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(server);
        new FakeAgent("a1", true).register(controller);
        Client stuck = new Client(true).open(controller);
        Client live = new Client(false).open(controller);
        long start = System.nanoTime();
        List<TaskRecord> tasks = live.session.submitAll(List.of(hello(), hello(), hello()));
        for (TaskRecord t : tasks) {
            live.statesUntil(t.id(), TaskState.SUCCEEDED);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5_000, "the live client waited " + millis + " ms behind the stuck one");
        assertTrue(stuck.events.isEmpty());
        stuck.release.countDown();
    }

    @Test
    void aClientThatCannotBeCalledBackPullsEvents() throws Exception {
        ControllerServer server = startController(Duration.ofSeconds(10));
        ControllerService controller = lookup(server);
        ClientSession session = controller.openSession(new ClientHello("bob", ClientKind.SCRIPT, null), null);
        EventBatch before = session.events(0, Duration.ZERO);
        new FakeAgent("a1", true).register(controller);
        TaskRecord t = session.submit(hello());
        List<TaskState> states = new ArrayList<>();
        long after = before.lastSequence();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!states.contains(TaskState.SUCCEEDED)) {
            assertTrue(System.nanoTime() < deadline, "pulled states: " + states);
            EventBatch b = session.events(after, Duration.ofSeconds(2));
            after = b.lastSequence();
            b.events().stream().filter(e -> e instanceof TaskEvent te && te.task().id() == t.id())
                    .forEach(e -> states.add(((TaskEvent) e).task().state()));
        }
        assertEquals(List.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED), states);
        session.close();
        assertThrows(RemoteException.class, session::info, "a closed session must be unexported");
    }

    @Test
    void startRefusesAPortInUseWithASentence() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ControllerStartException e = assertThrows(ControllerStartException.class,
                    () -> ControllerServer.start(new ControllerConfig(taken.getLocalPort(), data, shared, 2, null, null)));
            assertTrue(e.getMessage().startsWith("Port " + taken.getLocalPort() + " is in use;"), e.getMessage());
        }
        Path file = Files.writeString(data.resolve("not-a-folder"), "x");
        ControllerStartException e = assertThrows(ControllerStartException.class,
                () -> ControllerServer.start(new ControllerConfig(0, file, shared, 2, null, null)));
        assertTrue(e.getMessage().startsWith("Cannot write the data folder"), e.getMessage());

        Path newer = Files.createDirectories(data.resolve("newer"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + newer.resolve(ControllerServer.DATABASE_FILE));
             var s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (999)"); // newer than any schema this build knows
        }
        ControllerStartException schema = assertThrows(ControllerStartException.class,
                () -> ControllerServer.start(new ControllerConfig(0, newer, shared, 2, null, null)));
        assertTrue(schema.getMessage().contains("was written by a newer TaskGrid (schema 999"), schema.getMessage());
    }
}
