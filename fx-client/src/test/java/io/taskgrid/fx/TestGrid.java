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
    private final ControllerServer controller;
    private final List<AgentServer> agents = new ArrayList<>();
    private ClientSession session;

    TestGrid(Path root, int agentCount) throws Exception {
        shared = Files.createDirectories(root.resolve("shared"));
        Path data = Files.createDirectories(root.resolve("data"));
        controller = ControllerServer.start(new ControllerConfig(0, data, shared, 8, null, Duration.ofSeconds(5)));
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
        if (session == null) {
            ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", controller.port())
                    .lookup(ControllerService.REGISTRY_NAME);
            session = service.openSession(new ClientHello("tester", ClientKind.SCRIPT, null), null);
        }
        return session.submit(TaskSpec.builder(ProgramSource.inline(fileName, source.getBytes(StandardCharsets.UTF_8)))
                .project(project).build());
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
        for (int i = agents.size() - 1; i >= 0; i--) {
            agents.get(i).close();
        }
        controller.close();
    }
}
