package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.UserStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real controller and agents on loopback (a free port, SQLite in a temporary folder), as the launcher runs them. */
final class TestGrid implements AutoCloseable {
    final Path shared;
    /** The user and password this grid's own session (submitting "as another client") logs in with. */
    static final String TESTER = "tester";
    static final String TESTER_PASSWORD = "tester-secret-1";
    private final ControllerConfig config;
    private final ControllerSecurity security;
    private final String testerPassword;
    private ControllerServer controller;
    private final List<AgentServer> agents = new ArrayList<>();
    private ClientSession session;

    TestGrid(Path root, int agentCount) throws Exception {
        this(root, agentCount, null);
    }

    /**
     * A controller that wants a log-in: a users file with {@link #TESTER} and the given user (both ordinary users),
     * rule files that allow everyone, plain RMI, as `taskgrid controller --users FILE --insecure` runs it.
     */
    static TestGrid withLogIn(Path root, String user, String password) throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        UserStore users = new UserStore(data.resolve("users"));
        users.put(TESTER, Role.USER, TESTER_PASSWORD.toCharArray());
        users.put(user, Role.USER, password.toCharArray());
        Path clients = Files.writeString(data.resolve("clients.rules"), "allow all\n");
        Path agents = Files.writeString(data.resolve("agents.rules"), "allow all\n");
        return new TestGrid(root, 0, new ControllerSecurity(new RuleFile(clients, Clock.systemUTC(), Duration.ZERO),
                new RuleFile(agents, Clock.systemUTC(), Duration.ZERO), users, RmiTransport.plain()));
    }

    private TestGrid(Path root, int agentCount, ControllerSecurity withSecurity) throws Exception {
        shared = Files.createDirectories(root.resolve("shared"));
        Path data = Files.createDirectories(root.resolve("data"));
        security = withSecurity == null ? ControllerSecurity.none() : withSecurity;
        testerPassword = withSecurity == null ? null : TESTER_PASSWORD;
        ControllerServer first = ControllerServer.start(new ControllerConfig(0, data, shared, 8, null, Duration.ofSeconds(5)), security);
        controller = first;
        config = new ControllerConfig(first.port(), data, shared, 8, null, Duration.ofSeconds(5));
        for (int i = 1; i <= agentCount; i++) {
            Path work = Files.createDirectories(root.resolve("agent-" + i));
            AgentConfig defaults = AgentConfig.defaults("localhost", controller.port(), shared, work);
            AgentServer agent = AgentServer.start(new AgentConfig("localhost", controller.port(), 2, shared, work, null, 0,
                    Duration.ofMillis(500), defaults.maxOutputBytes()));
            agents.add(agent);
            if (!agent.awaitRegistered(Duration.ofSeconds(20))) {
                throw new AssertionError("agent " + agent.agentId() + " did not register within 20 s");
            }
        }
    }

    ControllerAddress address() {
        return new ControllerAddress("localhost", controller.port());
    }

    List<String> agentIds() {
        return agents.stream().map(AgentServer::agentId).toList();
    }

    /** Submits an inline program through a session of its own, as another client would. */
    TaskRecord submit(String fileName, String source, String project) throws Exception {
        return session().submit(spec(fileName, source, project));
    }

    /** Submits a spec (an array, a task that waits for others) through the other client's session. */
    TaskRecord submit(TaskSpec spec) throws Exception {
        return session().submit(spec);
    }

    /** Submits many tasks in one call, as {@code submit --each} does. */
    List<TaskRecord> submitAll(List<TaskSpec> specs) throws Exception {
        return session().submitAll(specs);
    }

    /** A task as the controller knows it, with its output. */
    TaskRecord task(long taskId) throws Exception {
        return session().task(taskId);
    }

    /** Drains or resumes an agent through the other client's session (an administrator without log-in). */
    io.taskgrid.api.agent.AgentInfo drain(String agentId, String reason) throws Exception {
        return reason == null ? session().resume(agentId) : session().drain(agentId, reason);
    }

    /** Cancels a task through the other client's session. */
    TaskRecord cancel(long taskId) throws Exception {
        return session().cancel(taskId);
    }

    static TaskSpec spec(String fileName, String source, String project) {
        return builder(fileName, source, project).build();
    }

    /** A spec to complete (an array, dependencies) before it is built. */
    static TaskSpec.Builder builder(String fileName, String source, String project) {
        return TaskSpec.builder(ProgramSource.inline(fileName, source.getBytes(StandardCharsets.UTF_8))).project(project);
    }

    /** Stops the controller as {@code ControllerServer.close()} does when it shuts down; agents stay. */
    void stopController() {
        session = null;
        controller.close();
    }

    /** Starts a new controller on the same port with the same data and shared folders. */
    void startController() {
        controller = ControllerServer.start(config, security);
    }

    private ClientSession session() throws Exception {
        if (session == null) {
            ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", controller.port())
                    .lookup(ControllerService.REGISTRY_NAME);
            session = service.openSession(new ClientHello(TESTER, ClientKind.SCRIPT, testerPassword), null);
        }
        return session;
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            try {
                session.close();
            } catch (java.rmi.RemoteException e) {
                // The controller is already gone (a test stopped it): nothing to end.
            }
        }
        for (int i = agents.size() - 1; i >= 0; i--) {
            agents.get(i).close();
        }
        controller.close();
    }
}
