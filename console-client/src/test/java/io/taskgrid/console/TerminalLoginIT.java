package io.taskgrid.console;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.transport.RmiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production log-in and connector over real RMI on loopback. */
class TerminalLoginIT {
    private final List<java.rmi.Remote> exported = new ArrayList<>();

    @AfterEach
    void unexport() throws NoSuchObjectException {
        for (java.rmi.Remote r : exported) {
            UnicastRemoteObject.unexportObject(r, true);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ConsoleRun console() {
        return new ConsoleRun(TerminalLogin.rmi(RmiTransport.plain(), "ann", null, PasswordPrompt.none()));
    }

    @Test
    void aClosedPortExitsWith3AndSaysHowToStartAController() throws IOException {
        int port = freePort();
        ConsoleRun console = console();

        assertEquals(3, console.run("history", "--controller", "localhost:" + port));

        assertEquals("Cannot reach the controller at localhost:" + port + " (Connection refused). Start one with"
                + " `taskgrid local`, or point --controller / TASKGRID_CONTROLLER at it.\n", console.err());
    }

    @Test
    void aRegistryWithoutAControllerExitsWith3() throws IOException {
        int port = freePort();
        Registry registry = LocateRegistry.createRegistry(port);
        exported.add(registry);
        ConsoleRun console = console();

        assertEquals(3, console.run("agents", "--controller", "127.0.0.1:" + port));

        assertTrue(console.err().startsWith("There is an RMI registry at 127.0.0.1:" + port + " but no TaskGrid controller"),
                console.err());
    }

    @Test
    void commandsReachARealControllerOverRmiAndCloseTheirSession() throws IOException {
        int port = freePort();
        Registry registry = LocateRegistry.createRegistry(port);
        exported.add(registry);
        FixedSession session = new FixedSession();
        exported.add(session);
        FixedController controller = new FixedController(session);
        exported.add(controller);
        registry.rebind(ControllerService.REGISTRY_NAME, UnicastRemoteObject.exportObject(controller, 0));
        UnicastRemoteObject.exportObject(session, 0);

        ConsoleRun history = console();
        assertEquals(0, history.run("history", "--controller", "127.0.0.1:" + port), history.err());
        assertTrue(history.out().contains("✓ 12"), history.out());
        assertTrue(history.out().contains("agent-9"), history.out());

        ConsoleRun unknown = console();
        assertEquals(2, unknown.run("show", "404", "--controller", "127.0.0.1:" + port));
        assertEquals("There is no task 404; `taskgrid history` lists the known tasks.\n", unknown.err());

        assertEquals(List.of("ann/CONSOLE/no callback", "ann/CONSOLE/no callback"), controller.hellos);
        assertEquals(2, session.closed.get(), "each command closes its session");
    }

    /** A controller that hands out one fixed session. */
    static final class FixedController implements ControllerService {
        final ClientSession session;
        final List<String> hellos = new CopyOnWriteArrayList<>();

        FixedController(ClientSession session) {
            this.session = session;
        }

        @Override
        public ClientSession openSession(ClientHello hello, ClientCallback callback) {
            hellos.add(hello.user() + "/" + hello.kind() + "/" + (callback == null ? "no callback" : "callback"));
            return session;
        }

        @Override
        public AgentSession registerAgent(AgentRegistration registration, AgentService agent) {
            throw new UnsupportedOperationException("not an agent test");
        }
    }

    /** A session that knows one succeeded task. */
    static final class FixedSession implements ClientSession {
        final AtomicInteger closed = new AtomicInteger();
        final TaskRecord task = TaskRecord.builder().id(12).project("default").program("examples/hello.py")
                .state(TaskState.SUCCEEDED).agentId("agent-9").exitCode(0).submittedAt(FakeController.T0).build();

        @Override
        public ControllerInfo info() {
            return new ControllerInfo("client-1", "/srv/shared", 4, "1");
        }

        @Override
        public TaskRecord submit(TaskSpec spec) {
            return task;
        }

        @Override
        public List<TaskRecord> submitAll(List<TaskSpec> specs) {
            return List.of(task);
        }

        @Override
        public TaskRecord task(long taskId) throws NoSuchTaskException {
            if (taskId != task.id()) {
                throw new NoSuchTaskException(taskId);
            }
            return task;
        }

        @Override
        public List<TaskRecord> history(HistoryQuery query) {
            return List.of(task);
        }

        @Override
        public TaskRecord cancel(long taskId) throws NoSuchTaskException {
            return task(taskId);
        }

        @Override
        public List<AgentInfo> agents() {
            return List.of();
        }

        @Override
        public List<ClientInfo> clients() {
            return List.of(new ClientInfo("client-1", "ann", "127.0.0.1", ClientKind.CONSOLE, FakeController.T0, false));
        }

        @Override
        public EventBatch events(long afterSequence, Duration maxWait) {
            return new EventBatch(List.of(), afterSequence, false);
        }

        @Override
        public void close() throws RemoteException {
            closed.incrementAndGet();
        }
    }
}
