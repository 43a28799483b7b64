package io.taskgrid.agent;

import io.taskgrid.agent.execution.TaskRunner;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.policy.transport.CallerCertificate;
import io.taskgrid.policy.transport.Peer;
import io.taskgrid.policy.transport.PeerRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.ArrayList;
import java.util.List;

/** The exported {@link AgentService}: checks the caller, then hands over to the task runner. */
final class AgentEndpoint implements AgentService {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEndpoint.class);
    private final TaskRunner runner;
    private final CallerPolicy policy;

    AgentEndpoint(TaskRunner runner, CallerPolicy policy) {
        this.runner = runner;
        this.policy = policy;
    }

    @Override
    public void execute(TaskAssignment assignment) throws AgentBusyException, AccessDeniedException {
        checkCaller("execute");
        runner.execute(assignment);
        LOG.debug("Task {} attempt {} handed over by {}", assignment.taskId(), assignment.attempt(), caller());
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
        checkCaller("execute");
        LOG.debug("{} tasks handed over by {}", assignments.size(), caller());
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
    public boolean withdraw(long taskId, long token) throws AccessDeniedException {
        checkCaller("withdraw");
        return runner.withdraw(taskId, token);
    }

    @Override
    public boolean cancel(long taskId, long token, String reason) throws AccessDeniedException {
        checkCaller("cancel");
        return runner.cancel(taskId, token, reason);
    }

    /**
     * The address rules, and over TLS the caller's certificate: the trust manager lets only the controller's key
     * connect, and this says so again at the call, so that work never comes from anyone else.
     */
    private void checkCaller(String operation) throws AccessDeniedException {
        String host = callerHost();
        policy.check(host, operation);
        Peer peer = CallerCertificate.current().orElse(null);
        if (peer != null && peer.role() != PeerRole.CONTROLLER) {
            LOG.warn("Refused {} from {}: the caller's certificate is {}, not the controller's.", operation, host, peer.describe());
            throw new AccessDeniedException("Only the controller may call this agent (" + operation + "); the "
                    + peer.describe() + " may not.");
        }
    }

    private static String caller() {
        return CallerCertificate.current().map(Peer::describe).orElse(callerHost());
    }

    private static String callerHost() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "local"; // called in-process, not through RMI
        }
    }
}
