package io.taskgrid.controller;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.Version;
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
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two users and an administrator over real RMI: who sees a task's output and who may cancel it (finding 7 of issue 18). */
class TaskOwnershipIT {
    private static final String SECRET = "the-secret-in-alices-output";

    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;
    private final List<Remote> exported = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(NamedThreads.single("fake-agent"));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger accessLog = (Logger) LoggerFactory.getLogger(TaskAccess.class);

    @BeforeEach
    void captureLog() {
        log.start();
        accessLog.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        accessLog.detachAppender(log);
        worker.shutdownNow();
        if (server != null) {
            server.close();
        }
        for (Remote r : exported) {
            UnicastRemoteObject.unexportObject(r, true);
        }
    }

    /** Finishes tasks of project "done" at once with {@link #SECRET} as output; holds the others until cancelled. */
    final class Agent implements AgentService {
        volatile AgentSession session;
        final CountDownLatch registered = new CountDownLatch(1);

        @Override
        public void execute(TaskAssignment a) {
            worker.execute(() -> {
                try {
                    registered.await(5, TimeUnit.SECONDS);
                    session.taskStarted(new TaskStart(a.taskId(), a.attempt(), a.token(), Instant.now()));
                    if (a.project().equals("done")) {
                        java.nio.file.Files.createDirectories(shared.resolve("results/done/" + a.taskId()));
                        session.taskFinished(new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.SUCCEEDED, 0, SECRET, "stderr " + SECRET,
                                null, Instant.now(), Instant.now(), "results/done/" + a.taskId(), null));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public boolean cancel(long taskId, long token, String reason) {
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

    /** Collects the events pushed to a client. */
    static final class Events implements ClientCallback {
        final List<GridEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEvents(List<GridEvent> events) {
            seen.addAll(events);
        }
    }

    private ControllerService start(TaskPrivacy privacy) throws Exception {
        UserStore users = new UserStore(data.resolve("users"));
        users.put("root", Role.ADMIN, "root-secret-1".toCharArray());
        users.put("alice", Role.USER, "alice-secret-1".toCharArray());
        users.put("bob", Role.USER, "bob-secret-1".toCharArray());
        server = ControllerServer.start(new ControllerConfig(0, data.resolve("data"), shared, 4, null, null).withTaskPrivacy(privacy),
                new ControllerSecurity(null, null, users, RmiTransport.plain()));
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                .lookup(ControllerService.REGISTRY_NAME);
        Agent agent = new Agent();
        AgentService stub = (AgentService) UnicastRemoteObject.exportObject(agent, 0);
        exported.add(agent);
        agent.session = controller.registerAgent(new AgentRegistration("a1", "host-a1", 4,
                List.of(new RuntimeInfo(Language.PYTHON, "python3", "3")), Version.PROTOCOL, List.of()), stub);
        agent.registered.countDown();
        return controller;
    }

    private ClientSession login(ControllerService controller, String user, ClientCallback callback) throws Exception {
        ClientCallback stub = null;
        if (callback != null) {
            stub = (ClientCallback) UnicastRemoteObject.exportObject(callback, 0);
            exported.add(callback);
        }
        return controller.openSession(new ClientHello(user, ClientKind.SCRIPT, user + "-secret-1"), stub);
    }

    private static TaskSpec spec(String project) {
        return TaskSpec.builder(ProgramSource.inline("job.py", ("print('" + project + "')\n").getBytes(StandardCharsets.UTF_8))).project(project).build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    private static TaskState state(ClientSession s, long id) {
        try {
            return s.task(id).state();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bobListsAlicesTasksButNeitherSeesTheirOutputNorCancelsThem() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        Events bobsEvents = new Events();
        ClientSession bob = login(controller, "bob", bobsEvents);
        ClientSession alice = login(controller, "alice", null);
        ClientSession root = login(controller, "root", null);

        TaskRecord done = alice.submit(spec("done"));
        await("alice's first task ends", () -> state(alice, done.id()) == TaskState.SUCCEEDED);
        TaskRecord held = alice.submit(spec("hold"));
        await("alice's second task runs", () -> state(alice, held.id()) == TaskState.RUNNING);

        List<Long> listed = bob.history(HistoryQuery.newest(10)).stream().map(TaskRecord::id).toList();
        assertTrue(listed.containsAll(List.of(done.id(), held.id())), "bob lists every task: " + listed);
        TaskRecord seenByBob = bob.task(done.id());
        assertEquals("alice", seenByBob.clientUser());
        assertEquals(TaskState.SUCCEEDED, seenByBob.state());
        assertNull(seenByBob.output(), "bob does not see alice's output");
        assertNull(seenByBob.errorOutput());
        assertNull(seenByBob.resultPath(), "bob does not see alice's result folder");
        assertTrue(seenByBob.outputWithheld());
        assertTrue(bob.history(HistoryQuery.newest(10)).stream().allMatch(t -> t.resultPath() == null && t.outputWithheld()));

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> bob.cancel(held.id()));
        assertEquals("Task " + held.id() + " belongs to alice; only alice or an administrator may cancel it.", refused.getMessage());
        assertEquals(TaskState.RUNNING, state(alice, held.id()), "the task still runs");
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("'bob'")
                && e.getFormattedMessage().contains("127.0.0.1") && e.getFormattedMessage().contains("task " + held.id())),
                "the refusal is logged with user and address");

        await("bob was told of the end of alice's task", () -> bobsEvents.seen.stream()
                .anyMatch(e -> e instanceof TaskEvent t && t.task().id() == done.id() && t.task().state() == TaskState.SUCCEEDED));
        for (List<GridEvent> events : List.of(bobsEvents.seen, bob.events(1, Duration.ZERO).events())) {
            List<TaskRecord> tasks = events.stream().filter(e -> e instanceof TaskEvent).map(e -> ((TaskEvent) e).task()).toList();
            assertFalse(tasks.isEmpty());
            assertTrue(tasks.stream().allMatch(t -> t.resultPath() == null && t.output() == null && t.outputWithheld()),
                    "events pushed or pulled by bob carry nothing of alice's: " + tasks);
        }

        TaskRecord seenByAlice = alice.task(done.id());
        assertEquals(SECRET, seenByAlice.output());
        assertEquals("results/done/" + done.id(), seenByAlice.resultPath());
        assertFalse(seenByAlice.outputWithheld());
        TaskRecord seenByRoot = root.task(done.id());
        assertEquals(SECRET, seenByRoot.output());
        assertEquals("results/done/" + done.id(), seenByRoot.resultPath());

        assertEquals(TaskState.DUPLICATE, alice.submit(spec("done")).state(), "alice's own result is reused");
        TaskRecord bobsOwn = bob.submit(spec("done"));
        assertEquals(TaskState.QUEUED, bobsOwn.state(), "no duplicate of a task whose result bob may not see");

        root.cancel(held.id());
        await("the administrator cancelled alice's task", () -> state(alice, held.id()) == TaskState.CANCELLED);
        TaskRecord again = alice.submit(spec("hold"));
        await("alice's third task runs", () -> state(alice, again.id()) == TaskState.RUNNING);
        alice.cancel(again.id());
        await("alice cancelled her own task", () -> state(alice, again.id()) == TaskState.CANCELLED);
    }

    @Test
    void onlyAnAdministratorPutsATaskAheadOfOthersAndOwnersMayLowerTheirOwn() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession bob = login(controller, "bob", null);
        ClientSession alice = login(controller, "alice", null);
        ClientSession root = login(controller, "root", null);
        TaskRecord runs = alice.submit(spec("hold"));
        await("the agent's slots fill", () -> state(alice, runs.id()) == TaskState.RUNNING);
        for (int i = 0; i < 3; i++) {
            alice.submit(spec("hold")); // the agent has 4 slots: the next tasks wait in the queue
        }

        // The attack: bob jumps the queue at submission, or by raising a queued task afterwards.
        TaskRecord jumped = bob.submit(TaskSpec.builder(ProgramSource.inline("job.py", "print(1)\n".getBytes(StandardCharsets.UTF_8)))
                .project("mine").priority(100).build());
        assertEquals(TaskState.REJECTED, jumped.state());
        assertEquals("Only an administrator may raise a task's priority above 0 (the default); user bob asked for 100."
                + " Leave --priority out, or give 0 or less.", jumped.message());
        TaskRecord queued = bob.submit(spec("hold"));
        await("bob's task waits", () -> state(bob, queued.id()) == TaskState.QUEUED);
        AccessDeniedException raise = assertThrows(AccessDeniedException.class, () -> bob.reprioritize(queued.id(), 1));
        assertTrue(raise.getMessage().startsWith("Only an administrator may raise"), raise.getMessage());
        assertEquals(0, bob.task(queued.id()).priority());

        assertEquals(-10, bob.reprioritize(queued.id(), -10).priority(), "an owner may lower their own");
        assertEquals(0, bob.reprioritize(queued.id(), 0).priority(), "and raise it back to the default");
        AccessDeniedException others = assertThrows(AccessDeniedException.class, () -> bob.reprioritize(runs.id() + 1, -100));
        assertEquals("Task " + (runs.id() + 1) + " belongs to alice; only alice or an administrator may change the priority of it.",
                others.getMessage());
        AccessDeniedException holdOthers = assertThrows(AccessDeniedException.class, () -> alice.hold(queued.id()));
        assertEquals("Task " + queued.id() + " belongs to bob; only bob or an administrator may hold it.", holdOthers.getMessage());
        assertEquals("bob", bob.hold(queued.id()).heldBy(), "an owner holds their own");
        assertThrows(AccessDeniedException.class, () -> alice.release(queued.id()));
        assertEquals(null, root.release(queued.id()).heldBy(), "an administrator releases any");
        assertEquals(50, root.reprioritize(queued.id(), 50).priority(), "an administrator raises any");
        assertThrows(InvalidRequestException.class, () -> root.reprioritize(queued.id(), 101));
    }

    @Test
    void onlyAnAdministratorPurgesTheHistoryAndAPurgedTaskIsGoneFromHistoryAndShow() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession alice = login(controller, "alice", null);
        ClientSession root = login(controller, "root", null);
        TaskRecord done = alice.submit(spec("done"));
        await("alice's first task ends", () -> state(alice, done.id()) == TaskState.SUCCEEDED);
        TaskRecord running = alice.submit(spec("hold"));
        await("alice's second task runs", () -> state(alice, running.id()) == TaskState.RUNNING);
        Instant now = Instant.now();

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> alice.purgeBefore(now));
        assertEquals("Only an administrator may purge the history; user alice is not one. Log in as an admin user"
                + " (taskgrid user add NAME --admin).", refused.getMessage());
        InvalidRequestException future = assertThrows(InvalidRequestException.class,
                () -> root.purgeBefore(now.plus(Duration.ofDays(1))));
        assertTrue(future.getMessage().contains("is in the future"), future.getMessage());
        assertEquals(TaskState.SUCCEEDED, state(alice, done.id()), "refused purges remove nothing");

        io.taskgrid.api.client.PurgeReport report = root.purgeBefore(now);
        assertEquals(1, report.tasks());
        assertEquals(1, report.kept(), "the running task stays");
        assertThrows(NoSuchTaskException.class, () -> alice.task(done.id()));
        assertEquals(List.of(running.id()), alice.history(new HistoryQuery(null, null, null, 10, null)).stream()
                .map(TaskRecord::id).toList());
        assertEquals(List.of(), alice.history(new HistoryQuery(null, "done", null, 10, null)));
        assertEquals(TaskState.RUNNING, state(alice, running.id()));
        assertEquals(0, root.purgeBefore(now).tasks(), "a second purge finds nothing more");
    }

    @Test
    void onlyAnAdministratorDrainsOrResumesAnAgent() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession bob = login(controller, "bob", null);
        ClientSession root = login(controller, "root", null);

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> bob.drain("a1", "mine now"));
        assertEquals("Only an administrator may drain agents; user bob is not one. Log in as an admin user"
                + " (taskgrid user add NAME --admin).", refused.getMessage());
        assertNull(root.agents().get(0).drainReason(), "a refused drain changes nothing");

        assertEquals("drained: kernel update", root.drain("a1", "kernel update").availability());
        assertThrows(AccessDeniedException.class, () -> bob.resume("a1"));
        assertEquals("kernel update", root.agents().get(0).drainReason(), "bob cannot put it back either");
        assertNull(root.resume("a1").drainReason());
    }

    @Test
    void onlyAnAdministratorSeesTheStatusAndItListsARefusedLogIn() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession bob = login(controller, "bob", null);
        ClientSession root = login(controller, "root", null);

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, bob::status);
        assertEquals("Only an administrator may see the grid's status; user bob is not one. Log in as an admin user"
                + " (taskgrid user add NAME --admin).", refused.getMessage());
        assertThrows(AccessDeniedException.class,
                () -> controller.openSession(new ClientHello("alice", ClientKind.SCRIPT, "not-her-password"), null));

        io.taskgrid.api.client.GridStatus status = root.status();
        assertEquals(1, status.agents().connected());
        assertEquals(1, status.recentProblems().size(), status.recentProblems().toString());
        io.taskgrid.api.client.GridProblem problem = status.recentProblems().get(0);
        assertEquals(io.taskgrid.api.client.GridProblem.Kind.REFUSED_LOGIN, problem.kind());
        assertTrue(problem.message().startsWith("Client user 'alice' from ") && problem.message().contains(": Wrong user name or password"),
                problem.message());
    }

    @Test
    void theOutputFilesByOffsetGoToTheOwnerAndAdministratorsOnlyAndBadRequestsAreRefusedInWords() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession bob = login(controller, "bob", null);
        ClientSession alice = login(controller, "alice", null);
        ClientSession root = login(controller, "root", null);
        TaskRecord done = alice.submit(spec("done"));
        await("alice's task ends", () -> state(alice, done.id()) == TaskState.SUCCEEDED);
        java.nio.file.Files.writeString(shared.resolve("results/done/" + done.id() + "/stdout.txt"), SECRET + "\n");

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> bob.output(done.id(), 0, 0, 1024));
        assertEquals("Task " + done.id() + " belongs to alice; its output goes to alice and administrators only on this controller"
                + " (it runs with --task-privacy owner).", refused.getMessage());
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("'bob'")
                && e.getFormattedMessage().contains("output of task " + done.id())), "the refusal is logged");

        for (ClientSession allowed : List.of(alice, root)) {
            TaskOutput output = allowed.output(done.id(), 0, 0, 1024);
            assertEquals(SECRET + "\n", new String(output.stdout().bytes(), StandardCharsets.UTF_8));
            assertEquals(TaskState.SUCCEEDED, output.state());
            assertFalse(output.stderr().exists(), "the fake agent wrote no stderr.txt");
        }
        assertEquals("secret", new String(alice.output(done.id(), 4, 0, 6).stdout().bytes(), StandardCharsets.UTF_8),
                "a piece from an offset, as long as asked");

        InvalidRequestException negative = assertThrows(InvalidRequestException.class, () -> alice.output(done.id(), -1, 0, 1024));
        assertEquals("Offset -1 is no place in the output of task " + done.id() + ": offsets count bytes from 0.", negative.getMessage());
        InvalidRequestException empty = assertThrows(InvalidRequestException.class, () -> alice.output(done.id(), 0, 0, 0));
        assertTrue(empty.getMessage().startsWith("Ask for at least 1 byte of the output of task " + done.id()), empty.getMessage());
        NoSuchTaskException unknown = assertThrows(NoSuchTaskException.class, () -> alice.output(987_654, 0, 0, 1024));
        assertTrue(unknown.getMessage().startsWith("There is no task 987654"), unknown.getMessage());
    }

    @Test
    void aTasksProgramGoesToItsOwnerAndAdministratorsOnlyOverRmiWhateverItsSize() throws Exception {
        ControllerService controller = start(TaskPrivacy.OWNER);
        ClientSession bob = login(controller, "bob", null);
        ClientSession alice = login(controller, "alice", null);
        ClientSession root = login(controller, "root", null);
        byte[] code = ("#!/bin/sh\n# " + "x".repeat(200_000) + "\necho " + SECRET + "\n").getBytes(StandardCharsets.UTF_8);
        TaskRecord inline = alice.submit(TaskSpec.builder(io.taskgrid.api.task.ProgramSource.inline("big.sh", code)).project("p").build());

        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> bob.program(inline.id()));
        assertEquals("Task " + inline.id() + " belongs to alice; its program goes to alice and administrators only on this"
                + " controller (it runs with --task-privacy owner).", refused.getMessage());
        for (ClientSession allowed : List.of(alice, root)) {
            io.taskgrid.api.task.ProgramSource back = allowed.program(inline.id());
            assertArrayEquals(code, back.inlineContent(), "200 KB come back through the serial filter, byte for byte");
            assertEquals("big.sh", back.fileName());
        }
        assertThrows(NoSuchTaskException.class, () -> alice.program(987_654));
    }

    @Test
    void withTaskPrivacyEveryoneBobSeesTheOutputButStillCannotCancel() throws Exception {
        ControllerService controller = start(TaskPrivacy.EVERYONE);
        ClientSession bob = login(controller, "bob", null);
        ClientSession alice = login(controller, "alice", null);
        TaskRecord done = alice.submit(spec("done"));
        await("alice's task ends", () -> state(alice, done.id()) == TaskState.SUCCEEDED);
        TaskRecord seenByBob = bob.task(done.id());
        assertEquals(SECRET, seenByBob.output());
        assertFalse(seenByBob.outputWithheld());
        assertEquals(TaskState.SUCCEEDED, bob.output(done.id(), 0, 0, 1024).state(), "and reads the output files too");
        TaskRecord held = alice.submit(spec("hold"));
        assertThrows(AccessDeniedException.class, () -> bob.cancel(held.id()));
    }

    @Test
    void withoutLogInEveryClientIsAnAdministratorAsBefore() throws Exception {
        server = ControllerServer.start(new ControllerConfig(0, data.resolve("data"), shared, 4, null, null));
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                .lookup(ControllerService.REGISTRY_NAME);
        ClientSession ann = controller.openSession(new ClientHello("ann", ClientKind.SCRIPT, null), null);
        ClientSession ben = controller.openSession(new ClientHello("ben", ClientKind.SCRIPT, null), null);
        TaskRecord t = ann.submit(spec("hold"));
        assertFalse(ben.task(t.id()).outputWithheld());
        assertEquals(TaskState.CANCELLED, ben.cancel(t.id()).state());
    }
}
