package io.taskgrid.controller;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.controller.dedup.DuplicateCheck;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.StoreException;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.mail.MailReports;
import io.taskgrid.controller.metrics.ControllerMetrics;
import io.taskgrid.controller.status.GridStatusTaker;
import io.taskgrid.controller.status.RecentProblems;
import io.taskgrid.controller.retention.HistoryRetention;
import io.taskgrid.controller.scheduling.Scheduler;
import io.taskgrid.controller.submission.SubmissionValidator;
import io.taskgrid.policy.SharedRoot;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running controller: its own RMI registry with {@link ControllerService} bound, the scheduler, the
 * history and the event hub.
 *
 * <p>Threads: "taskgrid-scheduler" (queue and slots), "taskgrid-housekeeping" (agent liveness, silent clients),
 * "taskgrid-retention" (deletes old tasks, see {@link HistoryRetention}), "taskgrid-dispatch-&lt;agent&gt;" (calls to
 * one agent), "taskgrid-callback-N" (events to one client while it has some), "taskgrid-mail" (reports by mail),
 * "taskgrid-metrics" (folds events into the metrics, only once {@link #metrics()} was asked for), plus RMI's own. {@link #close()} stops them in that order after the sessions.
 */
public final class ControllerServer implements AutoCloseable {
    public static final String DATABASE_FILE = "taskgrid.db";
    private static final Logger LOG = LoggerFactory.getLogger(ControllerServer.class);

    private final int port;
    private final Path databasePath;
    private Registry registry;
    private TaskStore store;
    private ExecutorService senders;
    private EventHub hub;
    private Scheduler scheduler;
    private Sessions sessions;
    private ScheduledExecutorService housekeeping;
    private HistoryRetention retention;
    private MailReports mail;
    private ControllerServiceImpl service;
    private RecentProblems problems;
    private Grid grid;
    /** Made on the first {@link #metrics()}; closed with the controller. */
    private ControllerMetrics metrics;
    private boolean closed;

    private ControllerServer(int port, Path databasePath) {
        this.port = port;
        this.databasePath = databasePath;
    }

    /**
     * Starts a controller.
     *
     * @throws ControllerStartException with a sentence: port in use, data folder not writable, database of a
     *                                  newer TaskGrid, shared folder missing
     */
    public static ControllerServer start(ControllerConfig config) {
        return start(config, ControllerSecurity.none(), Clock.systemUTC());
    }

    /**
     * Starts a controller with address rules, log-in and a transport (plain, loopback or TLS).
     *
     * @throws ControllerStartException as {@link #start(ControllerConfig)}
     */
    public static ControllerServer start(ControllerConfig config, ControllerSecurity security) {
        return start(config, security, Clock.systemUTC());
    }

    static ControllerServer start(ControllerConfig config, Clock clock) {
        return start(config, ControllerSecurity.none(), clock);
    }

    static ControllerServer start(ControllerConfig config, ControllerSecurity security, Clock clock) {
        SharedRoot sharedRoot;
        try {
            sharedRoot = new SharedRoot(config.sharedRoot());
        } catch (IllegalArgumentException e) {
            throw new ControllerStartException(e.getMessage(), e);
        }
        Path dataDir = config.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ControllerStartException("Cannot write the data folder " + dataDir + " (" + e.getMessage()
                    + "); choose another with --data-dir or fix its permissions.", e);
        }
        if (!Files.isDirectory(dataDir) || !Files.isWritable(dataDir)) {
            throw new ControllerStartException("Cannot write the data folder " + dataDir
                    + "; choose another with --data-dir or fix its permissions.", null);
        }
        FilePermissions.secureDataFolder(dataDir);
        int port = config.port() == 0 ? freePort() : config.port();
        ControllerServer server = new ControllerServer(port, dataDir.resolve(DATABASE_FILE));
        try {
            server.open(config, security, sharedRoot, clock);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void open(ControllerConfig config, ControllerSecurity security, SharedRoot sharedRoot, Clock clock) {
        RmiTransport transport = security.transport();
        FilePermissions.secureDatabase(databasePath);
        try {
            store = TaskStore.open(databasePath);
        } catch (StoreException e) {
            throw new ControllerStartException(e.getMessage(), e);
        }
        try {
            registry = transport.createRegistry(port);
        } catch (ExportException e) {
            throw new ControllerStartException("Port " + port + " is in use; stop the program that uses it or choose another port with --port.", e);
        } catch (RemoteException e) {
            throw new ControllerStartException("Cannot open the RMI registry on port " + port + " (" + e.getMessage()
                    + "); choose another port with --port.", e);
        }
        senders = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                NamedThreads.numbered("taskgrid-callback"));
        hub = new EventHub(clock, senders, EventHub.DEFAULT_RING, EventHub.DEFAULT_CLIENT_QUEUE);
        sessions = new Sessions(hub, clock, config.heartbeatTimeout());
        TaskStore history = store;
        Instant startedAt = clock.instant();
        problems = new RecentProblems(clock, RecentProblems.DEFAULT_KEPT);
        mail = new MailReports(config.mail(), dataDirOf(databasePath), sharedRoot.root().toString(), clock,
                (taskId, status) -> {
                    history.recordMailStatus(taskId, status);
                    if (status.startsWith(MailReports.NOT_SENT)) {
                        problems.note(GridProblem.Kind.MAIL_NOT_SENT, "Report on task " + taskId + " " + status);
                    }
                }, history::arraySummary);
        hub.onAgentEvent((kind, agent) -> {
            if (kind == AgentEvent.Kind.LOST) {
                problems.note(GridProblem.Kind.AGENT_LOST, "Agent " + agent.id() + " on " + agent.host()
                        + " went silent and was declared lost.");
            }
        });
        scheduler = new Scheduler(store, hub, clock, config.maxProcesses(), config.heartbeatTimeout(), config.leases(), config.fairShare(), sessions::agentGone,
                mail::taskEnded);
        scheduler.recover();
        retention = new HistoryRetention(store, scheduler::holding, sharedRoot, config.retention(), clock);
        Grid grid = new Grid(store, scheduler, hub, new SubmissionValidator(sharedRoot, config.defaultTimeout(), config.maxProcesses()), sessions, clock,
                port, sharedRoot.root().toString(), config.maxProcesses(), new DuplicateCheck(sharedRoot, store), mail,
                new TaskAccess(config.taskPrivacy()), retention, problems,
                new GridStatusTaker(scheduler, store, mail, () -> sessions.clients().size(), problems, clock, startedAt,
                        config.maxProcesses()));
        this.grid = grid;
        housekeeping = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("taskgrid-housekeeping"));
        long period = Math.max(50, config.heartbeatTimeout().toMillis() / 4);
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                scheduler.checkLiveness();
            } catch (RuntimeException e) {
                LOG.error("Checking agent liveness failed; trying again in {} ms", period, e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long sweep = sessions.sweepPeriod().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                sessions.expireSilentClients();
            } catch (RuntimeException e) {
                LOG.error("Ending silent client sessions failed; trying again in {} ms", sweep, e);
            }
        }, sweep, sweep, TimeUnit.MILLISECONDS);
        Authenticator gate = security.clientRules() == null && security.agentRules() == null && security.users() == null
                ? Authenticator.ACCEPT_ALL : new AccessGate(security, new LoginThrottle(clock, config.loginLimits()));
        if (transport.kind() == RmiTransport.Kind.TLS) {
            gate = new CertificateGate(gate, sessions::hasAgent);
        }
        if (security.ownerToken() != null) {
            gate = new OwnerGate(gate, security.ownerToken());
        }
        gate = new RefusalRecorder(gate, problems);
        service = new ControllerServiceImpl(grid, gate, transport);
        try {
            ControllerService stub = transport.export(service, port);
            registry.rebind(ControllerService.REGISTRY_NAME, stub);
        } catch (RemoteException e) {
            throw new ControllerStartException("Cannot publish the controller on port " + port + " (" + e.getMessage()
                    + "); choose another port with --port.", e);
        }
        LOG.info("Controller listening on port {} ({}), history in {}; log-in {}", port, transport, databasePath,
                security.loginRequired() ? "required" : "off");
        LOG.info("Reports by mail go to {}", mail.describe());
        // The first sweep a minute after the start, so that it never slows the recovery and the first submissions.
        retention.start(Duration.ofMinutes(1), HistoryRetention.PERIOD);
        LOG.info("History keeps {}", config.retention().describe());
    }

    private static Path dataDirOf(Path database) {
        return database.getParent();
    }

    /** Where reports by mail go: the SMTP server, or the outbox folder. */
    public String mailDestination() {
        return mail.describe();
    }

    public int port() {
        return port;
    }

    /**
     * The controller's metrics for Prometheus, gathered from then on ({@code --metrics-port}): made on the first call,
     * so that a controller nobody scrapes spends nothing on them.
     */
    public synchronized ControllerMetrics metrics() {
        if (closed) {
            throw new IllegalStateException("The controller on port " + port + " is stopped; it has no metrics.");
        }
        if (metrics == null) {
            metrics = ControllerMetrics.start(new ControllerMetrics.Sources(store, scheduler, hub, mail,
                    () -> sessions.clients().size(), problems, grid.maxProcesses()));
        }
        return metrics;
    }

    public Path databasePath() {
        return databasePath;
    }

    /** Unbinds, ends every session, stops housekeeping, scheduler, dispatchers and senders, closes the history. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registry != null) {
            try {
                registry.unbind(ControllerService.REGISTRY_NAME);
            } catch (NotBoundException | RemoteException e) {
                LOG.debug("Controller service was not bound: {}", e.getMessage());
            }
        }
        if (service != null) {
            Sessions.unexport(service);
        }
        if (metrics != null) {
            metrics.close();
        }
        if (sessions != null) {
            sessions.closeAll();
        }
        if (housekeeping != null) {
            EventHub.shutdown(housekeeping, Duration.ofSeconds(2));
        }
        if (retention != null) {
            retention.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (senders != null) {
            EventHub.shutdown(senders, Duration.ofSeconds(2));
        }
        if (registry != null) {
            Sessions.unexport(registry);
        }
        if (store != null) {
            store.close();
        }
        LOG.info("Controller on port {} stopped", port);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ControllerStartException("Cannot find a free port (" + e.getMessage() + "); give one with --port.", e);
        }
    }
}
