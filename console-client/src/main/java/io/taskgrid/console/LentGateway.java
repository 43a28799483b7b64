package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ControllerGateway;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The shell's session as one command sees it: every call goes to the shared session; {@code close()} only ends the
 * command's use of it. A call that finds the controller gone tells the {@link SharedSession}.
 */
final class LentGateway implements ControllerGateway {
    private final ControllerGateway session;
    private final SharedSession owner;

    LentGateway(ControllerGateway session, SharedSession owner) {
        this.session = session;
        this.owner = owner;
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (ControllerUnreachableException e) {
            owner.lost(session);
            throw e;
        }
    }

    @Override
    public ControllerAddress address() {
        return session.address();
    }

    @Override
    public ControllerInfo info() {
        return call(session::info);
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        return call(() -> session.submit(spec));
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) {
        return call(() -> session.submitAll(specs));
    }

    @Override
    public TaskRecord task(long taskId) {
        return call(() -> session.task(taskId));
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        return call(() -> session.attempts(taskId));
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        return call(() -> session.output(taskId, stdoutOffset, stderrOffset, maxBytes));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        return call(() -> session.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return call(() -> session.cancel(taskId));
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        return call(() -> session.reprioritize(taskId, priority));
    }

    @Override
    public TaskRecord hold(long taskId) {
        return call(() -> session.hold(taskId));
    }

    @Override
    public TaskRecord release(long taskId) {
        return call(() -> session.release(taskId));
    }

    @Override
    public List<AgentInfo> agents() {
        return call(session::agents);
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        return call(() -> session.drain(agentId, reason));
    }

    @Override
    public AgentInfo resume(String agentId) {
        return call(() -> session.resume(agentId));
    }

    @Override
    public List<ClientInfo> clients() {
        return call(session::clients);
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return call(() -> session.events(afterSequence, maxWait));
    }

    /** The session stays open for the next command; the shell closes it when it ends. */
    @Override
    public void close() {
        // Nothing to end: the session is the shell's.
    }
}
