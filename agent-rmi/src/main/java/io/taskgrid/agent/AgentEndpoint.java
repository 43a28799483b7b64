package io.taskgrid.agent;

import io.taskgrid.agent.execution.TaskRunner;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;

import java.rmi.server.RemoteServer;
import java.util.ArrayList;
import java.util.List;
import java.rmi.server.ServerNotActiveException;

/** The exported {@link AgentService}: checks the caller, then hands over to the task runner. */
final class AgentEndpoint implements AgentService {
    private final TaskRunner runner;
    private final CallerPolicy policy;

    AgentEndpoint(TaskRunner runner, CallerPolicy policy) {
        this.runner = runner;
        this.policy = policy;
    }

    @Override
    public void execute(TaskAssignment assignment) throws AgentBusyException, AccessDeniedException {
        policy.check(callerHost(), "execute");
        runner.execute(assignment);
    }

    /**
     * Tasks from the controller's answer to a report: the agent made that call, so there is no caller to check.
     * Returns what it gives back, for the next report: the tasks it could not take after all (it is stopping).
     */
    List<TaskOutcome> takeFromAnswer(List<TaskAssignment> assignments) {
        List<TaskOutcome> givenBack = new ArrayList<>();
        for (TaskAssignment a : assignments) {
            try {
                runner.execute(a);
            } catch (AgentBusyException e) {
                givenBack.add(TaskOutcome.givenBack(a, e.getMessage()));
            }
        }
        return givenBack;
    }

    /** One check of the caller for the whole batch; stops at the first task the runner cannot take. */
    @Override
    public int executeAll(List<TaskAssignment> assignments) throws AccessDeniedException {
        policy.check(callerHost(), "execute");
        int accepted = 0;
        for (TaskAssignment a : assignments) {
            try {
                runner.execute(a);
            } catch (AgentBusyException e) {
                return accepted;
            }
            accepted++;
        }
        return accepted;
    }

    @Override
    public boolean withdraw(long taskId) throws AccessDeniedException {
        policy.check(callerHost(), "withdraw");
        return runner.withdraw(taskId);
    }

    @Override
    public boolean cancel(long taskId, String reason) throws AccessDeniedException {
        policy.check(callerHost(), "cancel");
        return runner.cancel(taskId, reason);
    }

    private static String callerHost() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "local"; // called in-process, not through RMI
        }
    }
}
