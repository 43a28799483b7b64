package io.taskgrid.fx;

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
import io.taskgrid.controller.ControllerServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real controller and agents on loopback (a free port, SQLite in a temporary folder), as the launcher runs them. */
final class TestGrid implements AutoCloseable {
    final Path shared;
    private final ControllerConfig config;
    private ControllerServer controller;
    private final List<AgentServer> agents = new ArrayList<>();
    private ClientSession session;

    TestGrid(Path root, int agentCount) throws Exception {
        shared = Files.createDirectories(root.resolve("shared"));
        Path data = Files.createDirectories(root.resolve("data"));
        ControllerServer first = ControllerServer.start(new ControllerConfig(0, data, shared, 8, null, Duration.ofSeconds(5)));
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

    /** Submits many tasks in one call, as {@code submit --each} does. */
    List<TaskRecord> submitAll(List<TaskSpec> specs) throws Exception {
        return session().submitAll(specs);
    }

    /** A task as the controller knows it, with its output. */
    TaskRecord task(long taskId) throws Exception {
        return session().task(taskId);
    }

    /** Cancels a task through the other client's session. */
    TaskRecord cancel(long taskId) throws Exception {
        return session().cancel(taskId);
    }

    static TaskSpec spec(String fileName, String source, String project) {
        return TaskSpec.builder(ProgramSource.inline(fileName, source.getBytes(StandardCharsets.UTF_8))).project(project).build();
    }

    /** Stops the controller as {@code ControllerServer.close()} does when it shuts down; agents stay. */
    void stopController() {
        session = null;
        controller.close();
    }

    /** Starts a new controller on the same port with the same data and shared folders. */
    void startController() {
        controller = ControllerServer.start(config);
    }

    private ClientSession session() throws Exception {
        if (session == null) {
            ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", controller.port())
                    .lookup(ControllerService.REGISTRY_NAME);
            session = service.openSession(new ClientHello("tester", ClientKind.SCRIPT, null), null);
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
