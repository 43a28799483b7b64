package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ControllerUnreachableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.taskgrid.console.FakeController.T0;
import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusReportTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ControllerAddress home = ControllerAddress.localDefault();
    final SharedSession session = new SharedSession(controller, home, note -> { });
    final StatusReport report = new StatusReport(home, () -> session.askingWith(PasswordPrompt.none()).connect(home), session::isOpen);

    @Test
    void itCountsRunningAndQueuedTasksAndAgentsOnTheShellsSession() {
        controller.tasks.put(1L, task(1, TaskState.RUNNING).build());
        controller.tasks.put(2L, task(2, TaskState.QUEUED).build());
        controller.tasks.put(3L, task(3, TaskState.QUEUED).build());
        controller.tasks.put(4L, task(4, TaskState.SUCCEEDED).build());
        controller.agents.add(new AgentInfo("agent-1", "node-a", 2, 1, 0.5, List.of(), 0, T0, T0, true));

        assertEquals("localhost:1099 · 1 running · 2 queued · 1 agent", report.now());
        controller.tasks.put(3L, task(3, TaskState.QUEUED).heldBy("ann").build());
        assertEquals("localhost:1099 · 1 running · 1 queued · 1 held · 1 agent", report.now());
        assertEquals(1, controller.connections.get(), "the status line reuses the shell's session");
    }

    @Test
    void anUnreachableControllerIsSaidInWords() {
        controller.failure = new ControllerUnreachableException("Cannot reach the controller.", null);

        assertEquals("localhost:1099 · the controller does not answer; the next command tries again", report.now());
    }

    @Test
    void whereALogInIsNeededItSaysSoAndStopsTryingUntilACommandLogsIn() {
        controller.failure = new AccessRefusedException("asks for a log-in",
                new io.taskgrid.client.LoginNeededException("a password, please", false, null));

        assertEquals("localhost:1099 · not logged in: the next command asks for the password", report.now());
        controller.failure = null;
        report.now();
        assertEquals(0, controller.connections.get(), "no attempt per refresh while nobody can type the password");

        session.connect(home).close(); // a command logged in
        assertEquals("localhost:1099 · 0 running · 0 queued · 0 agents", report.now());
    }

    @Test
    void withAnOlderControllerAUserWhoMayNotListAgentsStillSeesTheTasks() {
        controller.tasks.put(1L, task(1, TaskState.RUNNING).build());
        FakeController notAdmin = new FakeController("/srv/shared") {
            @Override
            public List<AgentInfo> agents() {
                throw new AccessRefusedException("Only an administrator may list agents.", null);
            }

            @Override
            public io.taskgrid.api.client.GridSummary summary() {
                throw new io.taskgrid.client.InputRefusedException("This controller gives no summary.");
            }
        };
        notAdmin.tasks.putAll(controller.tasks);
        SharedSession theirs = new SharedSession(notAdmin, home, note -> { });

        assertEquals("localhost:1099 · 1 running · 0 queued", new StatusReport(home, () -> theirs.connect(home), theirs::isOpen).now());
    }

    @Test
    void aRefusalForAnotherReasonIsNotTakenForAMissingPassword() {
        controller.failure = new AccessRefusedException("not from this address", null);

        assertEquals("localhost:1099 · the controller refuses this client; a command says why", report.now());
    }
}
