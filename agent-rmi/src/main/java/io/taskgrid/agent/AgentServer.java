package io.taskgrid.agent;

import io.taskgrid.agent.metrics.AgentMetrics;
import io.taskgrid.agent.execution.ExecutionSettings;
import io.taskgrid.agent.execution.RunAs;
import io.taskgrid.agent.execution.Lease;
import io.taskgrid.agent.execution.TaskRunner;
import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.policy.users.OwnerToken;
import io.taskgrid.policy.SharedRoot;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A running agent: detects its runtimes, exports its {@link AgentService}, registers with the controller
 * in the background (retrying with backoff) and runs the tasks it is given.
 *
 * <p>Shutdown order ({@link #close}): refuse new work → kill every running process tree and report those
 * tasks CANCELLED ("agent stopped") → deliver the last reports and leave the session → unexport the
 * service → stop the link thread, then the task and output threads.
 */
public final class AgentServer implements AutoCloseable {
    /** How long a starting agent waits for its earlier run's programs to be ended by their guard, before it kills them. */
    static final java.time.Duration LEFTOVERS_PATIENCE = java.time.Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    static final Duration STOP_WAIT = Duration.ofSeconds(15);
    static final Duration LEAVE_WAIT = Duration.ofSeconds(5);

    private final String agentId;
    private final Runtimes runtimes;
    private final TaskRunner runner;
    private final ControllerLink link;
    private final AgentEndpoint endpoint;
    private final Object closeLock = new Object();
    private final int cpus;
    private boolean closed;
    /** Made on the first {@link #metrics()}; guarded by closeLock. */
    private AgentMetrics metrics;

    private AgentServer(String agentId, int cpus, Runtimes runtimes, TaskRunner runner, ControllerLink link, AgentEndpoint endpoint) {
        this.agentId = agentId;
        this.cpus = cpus;
        this.runtimes = runtimes;
        this.runner = runner;
        this.link = link;
        this.endpoint = endpoint;
    }

    /** Starts an agent that lets every caller in (until issue 7's address rules). */
    public static AgentServer start(AgentConfig config) {
        return start(config, CallerPolicy.allowAll(), Clock.systemUTC());
    }

    /**
     * Starts an agent: exports the service and returns; registration runs in the background with retries.
     *
     * @throws IllegalArgumentException when the shared folder does not exist, or --run-as names an account this agent
     *                                  cannot switch to
     * @throws UncheckedIOException     when the work folder cannot be created or the service cannot be exported
     */
    public static AgentServer start(AgentConfig config, CallerPolicy policy, Clock clock) {
        return start(config, policy, RmiTransport.plain(), clock);
    }

    /**
     * Starts an agent whose service is exported (and whose controller is reached) over {@code transport}: plain,
     * loopback only or mutual TLS, always with the serial filter.
     */
    public static AgentServer start(AgentConfig config, CallerPolicy policy, RmiTransport transport, Clock clock) {
        SharedRoot shared = new SharedRoot(config.sharedRoot());
        try {
            Files.createDirectories(config.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("The agent's work folder " + config.workDir() + " cannot be created; "
                    + "give another with --work-dir", e);
        }
        String id = AgentIdentity.resolve(config.agentId(), config.workDir());
        // Before joining: the controller reruns whatever this agent does not claim, at once.
        LeftoverPrograms.endAllUnder(config.workDir().toAbsolutePath().resolve("tasks"), LEFTOVERS_PATIENCE);
        String host = hostName();
        Runtimes runtimes = new RuntimeDetector().detect();
        LOG.info("Agent {} on {} runs {} programs and plain executables.", id, host, runtimes.describe());
        LOG.debug("Agent {} runtimes: {}", id, runtimes);

        ExecutionSettings settings = new ExecutionSettings(id, host, config.slots(), shared,
                config.workDir().toAbsolutePath().resolve("tasks"), config.maxOutputBytes(),
                RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"), RuntimeDetector.onPath("setpriv"),
                System.getenv(), config.runAs() == null ? Optional.empty()
                        : Optional.of(RunAs.resolve(config.runAs(), RuntimeDetector.onPath("setpriv"))));
        settings.runAs().ifPresent(r -> LOG.info("Programs run as {} (uid {}, gid {}).", r.user(), r.uid(), r.gid()));
        Path tasks = settings.tasksDir();
        LOG.debug("Task work folders go under {}.", tasks);

        Holder holder = new Holder();
        Lease lease = new Lease(Lease.DEFAULT); // its length comes from the controller at registration
        ControllerLink link = new ControllerLink(config, transport,
                new OutcomeSpool(config.workDir().toAbsolutePath().resolve("outcomes")), lease,
                () -> new AgentRegistration(id, host, config.slots(), runtimes.all(), Version.PROTOCOL,
                        holder.runner.held(), config.queueAhead(),
                        OwnerToken.find(config.controllerHost(), config.controllerPort()), config.labels(),
                        config.memoryBytes()),
                () -> new AgentHeartbeat(cpuLoad(), holder.runner.runningCount(), holder.runner.bytesProcessed(),
                        holder.runner.progress(), clock.instant(), holder.runner.held()));
        TaskRunner runner = new TaskRunner(settings, config.queueAhead(), runtimes, link, clock, lease);
        holder.runner = runner;
        AgentEndpoint endpoint = new AgentEndpoint(runner, policy);
        AgentService stub;
        try {
            stub = transport.export(endpoint, config.port());
        } catch (RemoteException e) {
            runner.close();
            link.close(Duration.ZERO);
            throw new UncheckedIOException("The agent's service cannot be exported on port " + config.port()
                    + " (" + ControllerLink.reason(e) + "); choose another port", e);
        }
        link.start(stub, endpoint::takeFromAnswer);
        return new AgentServer(id, config.slots(), runtimes, runner, link, endpoint);
    }

    /** Lets the suppliers reach the runner created after them. */
    private static final class Holder {
        private volatile TaskRunner runner;
    }

    public String agentId() {
        return agentId;
    }

    /** This agent's metrics for Prometheus ({@code --metrics-port}), made on the first call; read only when scraped. */
    public AgentMetrics metrics() {
        synchronized (closeLock) {
            if (closed) {
                throw new IllegalStateException("Agent " + agentId + " is stopped; it has no metrics.");
            }
            if (metrics == null) {
                metrics = new AgentMetrics(new AgentMetrics.Sources(agentId, cpus, runner::runningCount,
                        () -> runner.held().size(), runner::bytesProcessed, this::registered));
            }
            return metrics;
        }
    }

    private boolean registered() {
        try {
            return link.awaitRegistered(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The runtimes found at start. */
    public Runtimes runtimes() {
        return runtimes;
    }

    /** How the memory requests of its tasks are held, in words ("by the kernel (…)" or "by sampling …"). */
    public String memoryEnforcement() {
        return runner.memoryEnforcement();
    }

    /** Whether the agent holds a session with the controller now, waiting up to {@code timeout} for one. */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return link.awaitRegistered(timeout);
    }

    /**
     * Idempotent: refuses new work, kills every running process tree, reports those tasks CANCELLED
     * ("agent stopped") if it can, leaves the session, unexports, stops threads.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (metrics != null) {
                metrics.close();
            }
        }
        try {
            if (!runner.stopAll("agent stopped", STOP_WAIT)) {
                LOG.warn("Some tasks of agent {} did not end within {} s of the stop.", agentId, STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close(LEAVE_WAIT);
        try {
            UnicastRemoteObject.unexportObject(endpoint, true);
        } catch (NoSuchObjectException e) {
            LOG.debug("The agent service was not exported anymore.");
        }
        runner.close();
        LOG.info("Agent {} stopped.", agentId);
    }

    private static double cpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getCpuLoad();
        }
        return -1;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.warn("The host name cannot be resolved ({}); the agent calls itself localhost.", e.getMessage());
            return "localhost";
        }
    }
}
