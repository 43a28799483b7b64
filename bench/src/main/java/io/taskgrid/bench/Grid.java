package io.taskgrid.bench;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A controller JVM and real agent JVMs on loopback, started exactly as {@code bin/taskgrid controller|agent}
 * starts them (launcher's Main, launcher/target/lib, the server JVM flags).
 */
final class Grid implements AutoCloseable {
    private final Setup setup;
    private final Path dir;
    private final Path shared;
    private final int port;
    private final List<String> controllerArgs;
    private ServerProcess controller;
    private final List<ServerProcess> agents = new ArrayList<>();
    private final List<ClientSession> sessions = new ArrayList<>();

    private Grid(Setup setup, Path dir, int port, List<String> controllerArgs) {
        this.setup = setup;
        this.dir = dir;
        this.shared = dir.resolve("shared");
        this.port = port;
        this.controllerArgs = List.copyOf(controllerArgs);
    }

    /**
     * A controller with its own data folder under {@code work/name}; no agents yet. {@code controllerArgs}: more options
     * of {@code taskgrid controller} (e.g. {@code --keep-days off}), given at every start.
     */
    static Grid controller(Setup setup, String name, int maxProcesses, Duration heartbeatTimeout, String... controllerArgs) {
        return controllerIn(setup, setup.work().resolve(name), maxProcesses, heartbeatTimeout, controllerArgs);
    }

    /** A controller whose data, shared and agent folders are all under {@code dir}. */
    static Grid controllerIn(Setup setup, Path dir, int maxProcesses, Duration heartbeatTimeout, String... controllerArgs) {
        Grid grid = new Grid(setup, dir, freePort(), List.of(controllerArgs));
        grid.startController(maxProcesses, heartbeatTimeout);
        return grid;
    }

    /** Starts the controller again on the same data folder and port (after {@link #stopController}). */
    void startController(int maxProcesses, Duration heartbeatTimeout) {
        try {
            Files.createDirectories(shared);
            CeilingScenario.script(shared.resolve("bench"));
        } catch (IOException e) {
            throw new BenchException("Cannot create " + shared + ": " + e.getMessage(), e);
        }
        List<String> cmd = server("controller", "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString(),
                "--shared", shared.toString(), "--max-processes", Integer.toString(maxProcesses),
                "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s", "--advertise", "127.0.0.1");
        cmd.addAll(controllerArgs);
        cmd.addAll(setup.extraControllerArgs());
        controller = ServerProcess.start("controller", cmd, dir.resolve("logs/controller.log"),
                "TaskGrid controller listening on port", Duration.ofSeconds(60));
    }

    void stopController() {
        sessions.clear();
        controller.close();
    }

    /** Starts {@code count} agent JVMs with {@code slots} each and waits until the controller lists them. */
    void startAgents(int count, int slots) {
        for (int i = 0; i < count; i++) {
            String id = "bench-agent-" + (agents.size() + 1);
            List<String> cmd = server("agent", "--controller", "127.0.0.1:" + port, "--slots", Integer.toString(slots),
                    "--shared", shared.toString(), "--work-dir", dir.resolve("agents").resolve(id).toString(),
                    "--id", id, "--advertise", "127.0.0.1");
            cmd.addAll(setup.extraAgentArgs());
            agents.add(ServerProcess.start(id, cmd, dir.resolve("logs/" + id + ".log"), "TaskGrid agent", Duration.ofSeconds(60)));
        }
        awaitAgents(agents.size());
    }

    /** Waits until at least {@code count} agents are connected (real or light). */
    void awaitAgents(int count) {
        ClientSession s = session(null);
        Waits.until(Duration.ofSeconds(60), "the controller to list " + count + " connected agents (see " + dir.resolve("logs") + ")",
                () -> s.agents().stream().filter(AgentInfo::connected).count() >= count);
    }

    private List<String> server(String command, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(setup.java());
        cmd.addAll(Setup.SERVER_JVM_FLAGS);
        cmd.addAll(setup.extraServerJvmOpts());
        cmd.add("-cp");
        cmd.add(setup.launcherLib().toAbsolutePath() + "/*");
        cmd.add("io.taskgrid.launcher.Main");
        cmd.add(command);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A new client session (the bench user, a script client). */
    ClientSession session(ClientCallback callback) {
        return sessionAs("bench", callback);
    }

    /**
     * A new script client's session as {@code user}. The bench's controllers have no users file and listen on loopback,
     * so they ask for no log-in: the controller takes the name the client gives, and every client is an administrator.
     */
    ClientSession sessionAs(String user, ClientCallback callback) {
        try {
            ControllerService service = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", port)
                    .lookup(ControllerService.REGISTRY_NAME);
            ClientSession s = service.openSession(new ClientHello(user, ClientKind.SCRIPT, null), callback);
            sessions.add(s);
            return s;
        } catch (RemoteException | NotBoundException | io.taskgrid.api.AccessDeniedException e) {
            throw new BenchException("Cannot open a session with the controller on port " + port + ": " + e.getMessage(), e);
        }
    }

    ControllerService service() {
        try {
            return (ControllerService) LocateRegistry.getRegistry("127.0.0.1", port).lookup(ControllerService.REGISTRY_NAME);
        } catch (RemoteException | NotBoundException e) {
            throw new BenchException("Cannot reach the controller on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Waits until nothing is queued or running. */
    void awaitIdle(Duration timeout) {
        ClientSession s = session(null);
        Waits.until(timeout, "every task to end (see " + dir.resolve("logs") + ")",
                () -> s.history(new HistoryQuery(TaskState.QUEUED, null, null, 1, null)).isEmpty()
                        && s.history(new HistoryQuery(TaskState.RUNNING, null, null, 1, null)).isEmpty());
    }

    /** The tasks with ids from {@code firstId} on, oldest first. */
    List<TaskRecord> tasksFrom(long firstId, int count) {
        ClientSession s = session(null);
        List<TaskRecord> out = new ArrayList<>();
        Long before = null;
        while (true) {
            List<TaskRecord> page;
            try {
                page = s.history(new HistoryQuery(null, null, null, HistoryQuery.MAX_LIMIT, before));
            } catch (RemoteException e) {
                throw new BenchException("Reading the history failed: " + e.getMessage(), e);
            }
            for (TaskRecord r : page) {
                if (r.id() >= firstId) {
                    out.add(r);
                }
            }
            if (page.isEmpty() || page.get(page.size() - 1).id() <= firstId || out.size() >= count) {
                break;
            }
            before = page.get(page.size() - 1).id();
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    Path shared() {
        return shared;
    }

    Path database() {
        return dir.resolve("data").resolve("taskgrid.db");
    }

    long controllerPid() {
        return controller.pid();
    }

    /** CPU used so far by the controller JVM. */
    CpuTime controllerCpu() {
        return CpuTime.of(controller.pid());
    }

    /** CPU used so far by the agent JVMs (own) and the programs they ran and reaped (children). */
    CpuTime agentsCpu() {
        CpuTime sum = CpuTime.ZERO;
        for (ServerProcess a : agents) {
            sum = sum.plus(CpuTime.of(a.pid()));
        }
        return sum;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        for (ClientSession s : sessions) {
            try {
                s.close();
            } catch (RemoteException e) {
                // the controller may already be gone; its sessions go with it
            }
        }
        sessions.clear();
        for (ServerProcess a : agents) {
            a.close();
        }
        agents.clear();
        if (controller != null) {
            controller.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BenchException("Cannot find a free port: " + e.getMessage(), e);
        }
    }
}
