package io.taskgrid.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.Version;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The agent over real RMI on loopback, against a controller written in the test. */
class AgentServerIT {
    @TempDir
    Path shared;
    @TempDir
    Path workDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        // Agents first, so that they can still leave their controller's session.
        for (AutoCloseable c : toClose) {
            if (c instanceof AgentServer) {
                c.close();
            }
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FakeController controller() throws Exception {
        FakeController c = new FakeController(FakeController.freePort()).bind();
        toClose.add(c);
        return c;
    }

    private AgentServer agent(int controllerPort, String id) {
        AgentConfig config = AgentConfig.defaults("127.0.0.1", controllerPort, shared, workDir)
                .withAgentId(id).withHeartbeatInterval(Duration.ofMillis(200));
        AgentServer agent = AgentServer.start(config);
        toClose.add(agent);
        return agent;
    }

    private static TaskAssignment task(long id, String file, String source, Language language) {
        return new TaskAssignment(id, 1, 1L, "rmi", null, ProgramSource.inline(file, source.getBytes(StandardCharsets.UTF_8)),
                language, List.of(), null, null);
    }

    @Test
    void registersWithItsRuntimesAndSendsHeartbeats() throws Exception {
        FakeController controller = controller();
        AgentServer agent = agent(controller.port, "agent-a");
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)), "the agent registered");
        AgentRegistration hello = controller.take(controller.registrations, "registration");
        assertEquals("agent-a", hello.agentId());
        assertEquals(2, hello.slots());
        assertEquals(Version.PROTOCOL, hello.protocol());
        List<Language> languages = hello.runtimes().stream().map(r -> r.language()).toList();
        assertTrue(languages.containsAll(List.of(Language.PYTHON, Language.BASH, Language.SHELL, Language.JAVA, Language.EXECUTABLE)),
                languages.toString());
        AgentHeartbeat beat = controller.take(controller.heartbeats, "heartbeat");
        assertEquals(0, beat.running());
        assertTrue(beat.cpuLoad() <= 1.0);
        controller.take(controller.heartbeats, "second heartbeat");
    }

    @Test
    void executeOverRmiReportsStartedThenFinished() throws Exception {
        FakeController controller = controller();
        AgentServer agent = agent(controller.port, "agent-b");
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        // Longer than ControllerLink.START_HOLD, so the start is reported on its own while the program runs.
        controller.agent.execute(task(7, "hi.py", "import time\ntime.sleep(0.5)\nprint('hi over rmi')\n", Language.PYTHON));
        FakeController.Started started = controller.take(controller.started, "taskStarted");
        assertTrue(controller.finished.isEmpty(), "the start came while the program ran");
        assertEquals(7, started.taskId());
        TaskOutcome outcome = controller.take(controller.finished, "taskFinished");
        assertEquals(TaskState.SUCCEEDED, outcome.state(), outcome.message());
        assertEquals("hi over rmi\n", outcome.output());
        assertEquals("results/rmi/7", outcome.resultPath());
        assertEquals("hi over rmi\n", Files.readString(shared.resolve("results/rmi/7/stdout.txt")));
        assertFalse(started.at().isAfter(outcome.endedAt()));
    }

    @Test
    void aShortTaskCostsOneReportItsOutcomeCarriesTheStart() throws Exception {
        FakeController controller = controller();
        // A hold far longer than the task, so that a loaded machine cannot make the outcome miss it.
        System.setProperty(ControllerLink.START_HOLD_PROPERTY, "3000");
        AgentServer agent;
        try {
            agent = agent(controller.port, "agent-s");
        } finally {
            System.clearProperty(ControllerLink.START_HOLD_PROPERTY);
        }
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        controller.agent.execute(task(8, "quick.sh", "echo quick\n", Language.SHELL));
        TaskOutcome outcome = controller.take(controller.finished, "taskFinished");
        assertEquals(TaskState.SUCCEEDED, outcome.state(), outcome.message());
        assertNotNull(outcome.startedAt(), "the outcome carries the program's start");
        Thread.sleep(3500); // the held start report would have gone by now
        assertTrue(controller.started.isEmpty(), "no separate start report: " + controller.started);
        assertEquals(1, controller.reportCalls.get(), "one call for the whole task");
    }

    @Test
    void anAgentStartedBeforeItsControllerRegistersOnceItAppears() throws Exception {
        Logger linkLog = (Logger) LoggerFactory.getLogger(ControllerLink.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        linkLog.addAppender(warnings);
        try {
            int port = FakeController.freePort();
            AgentServer agent = agent(port, "agent-c");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (warnings.list.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no warning about the missing controller within 20 s");
                }
                Thread.sleep(20);
            }
            String warning = warnings.list.get(0).getFormattedMessage();
            assertEquals("The controller at 127.0.0.1:" + port + " does not answer (Connection refused); retrying in 1 s.", warning);
            assertFalse(agent.awaitRegistered(Duration.ZERO));
            FakeController controller = new FakeController(port).bind();
            toClose.add(controller);
            assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)), "registered once the controller appeared");
            assertEquals("agent-c", controller.take(controller.registrations, "registration").agentId());
        } finally {
            linkLog.detachAppender(warnings);
        }
    }

    @Test
    void theAgentIdFileKeepsTheSameUidAcrossRestarts() throws Exception {
        FakeController controller = controller();
        String first;
        try (AgentServer agent = AgentServer.start(AgentConfig.defaults("127.0.0.1", controller.port, shared, workDir))) {
            first = agent.agentId();
            assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        }
        assertEquals(first, Files.readString(workDir.resolve("agent-id")).strip());
        try (AgentServer again = AgentServer.start(AgentConfig.defaults("127.0.0.1", controller.port, shared, workDir))) {
            assertEquals(first, again.agentId());
            assertTrue(again.awaitRegistered(Duration.ofSeconds(30)));
        }
        assertEquals(first, controller.take(controller.registrations, "first").agentId());
        assertEquals(first, controller.take(controller.registrations, "second").agentId());
        assertTrue(controller.leaves.get() >= 2, "each stop left the session");
    }

    @Test
    void anUnknownAgentRegistersAgainAndItsUndeliveredReportArrivesOnce() throws Exception {
        FakeController controller = controller();
        AgentServer agent = agent(controller.port, "agent-d");
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        controller.take(controller.registrations, "registration");
        controller.refuseFinished.set(1);
        controller.agent.execute(task(9, "x.sh", "echo once\n", Language.SHELL));
        AgentRegistration again = controller.take(controller.registrations, "re-registration");
        assertEquals("agent-d", again.agentId());
        TaskOutcome outcome = controller.take(controller.finished, "taskFinished after re-registration");
        assertEquals(9, outcome.taskId());
        assertEquals("once\n", outcome.output());
        controller.take(controller.heartbeats, "heartbeat after re-registration");
        assertTrue(controller.finished.isEmpty(), "delivered exactly once");

        controller.refuseHeartbeats.set(1);
        controller.take(controller.registrations, "registration after a refused heartbeat");
    }

    @Test
    void closeKillsRunningTasksReportsThemCancelledAndLeaves() throws Exception {
        FakeController controller = controller();
        AgentServer agent = agent(controller.port, "agent-e");
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        controller.agent.execute(task(11, "long.sh", "sleep 300\n", Language.SHELL));
        controller.take(controller.started, "taskStarted");
        AgentHeartbeat busy;
        do {
            busy = controller.take(controller.heartbeats, "heartbeat");
        } while (busy.running() == 0);
        assertEquals(11, busy.tasks().get(0).taskId());

        agent.close();
        agent.close(); // idempotent
        TaskOutcome outcome = controller.take(controller.finished, "cancelled outcome");
        assertEquals(TaskState.CANCELLED, outcome.state());
        assertEquals("agent stopped", outcome.message());
        assertEquals(1, controller.leaves.get());
        assertThrows(NoSuchObjectException.class,
                () -> controller.agent.execute(task(12, "y.sh", "true\n", Language.SHELL)),
                "a stopped agent's service is unexported");
    }

    @Test
    void aCleanStopLeavesNoProcessOfARunningTaskBehindNotEvenAChildInTheBackground() throws Exception {
        FakeController controller = controller();
        AgentServer agent = agent(controller.port, "agent-f");
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)));
        String marker = "clean-stop-child-" + ProcessHandle.current().pid();
        controller.agent.execute(task(13, "tree.sh", "sh -c 'sleep 300; : " + marker + "' &\nsleep 300\n", Language.SHELL));
        controller.take(controller.started, "taskStarted");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && withMarker(marker) == 0) {
            Thread.sleep(20);
        }
        assertEquals(1, withMarker(marker), "the task's child runs in the background");

        agent.close();
        TaskOutcome outcome = controller.take(controller.finished, "cancelled outcome");
        assertEquals(TaskState.CANCELLED, outcome.state());
        deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && withMarker(marker) > 0) {
            Thread.sleep(20);
        }
        assertEquals(0, withMarker(marker), "no process of the task is left once the agent stopped");
    }

    private static long withMarker(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).count();
    }
}
