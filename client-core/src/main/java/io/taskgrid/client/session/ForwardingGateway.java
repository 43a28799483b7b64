package io.taskgrid.client.session;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A gateway that hands every call to another one through {@link #forward}, where a subclass adds what it is for (a
 * session lent to one command, a session closed when the JVM stops). Written once here, so that a method added to
 * {@link ControllerGateway} cannot be forgotten by one wrapper and answered by a default there.
 */
public abstract class ForwardingGateway implements ControllerGateway {

    /** Runs {@code call} on the gateway behind this one, with whatever the subclass adds around it. */
    protected abstract <T> T forward(Function<ControllerGateway, T> call);

    @Override
    public ControllerAddress address() {
        return forward(ControllerGateway::address);
    }

    @Override
    public ControllerInfo info() {
        return forward(ControllerGateway::info);
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        return forward(g -> g.submit(spec));
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) {
        return forward(g -> g.submitAll(specs));
    }

    @Override
    public TaskRecord task(long taskId) {
        return forward(g -> g.task(taskId));
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        return forward(g -> g.attempts(taskId));
    }

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        return forward(g -> g.program(taskId));
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        return forward(g -> g.output(taskId, stdoutOffset, stderrOffset, maxBytes));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        return forward(g -> g.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return forward(g -> g.cancel(taskId));
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        return forward(g -> g.reprioritize(taskId, priority));
    }

    @Override
    public TaskRecord hold(long taskId) {
        return forward(g -> g.hold(taskId));
    }

    @Override
    public TaskRecord release(long taskId) {
        return forward(g -> g.release(taskId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        return forward(g -> g.array(arrayId));
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        return forward(g -> g.member(arrayId, index));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        return forward(g -> g.cancelArray(arrayId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        return forward(g -> g.holdArray(arrayId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        return forward(g -> g.releaseArray(arrayId));
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        return forward(g -> g.dependants(taskId, limit));
    }

    @Override
    public GridSummary summary() {
        return forward(ControllerGateway::summary);
    }

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        return forward(ControllerGateway::status);
    }

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        return forward(ControllerGateway::usage);
    }

    @Override
    public List<AgentInfo> agents() {
        return forward(ControllerGateway::agents);
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        return forward(g -> g.drain(agentId, reason));
    }

    @Override
    public AgentInfo resume(String agentId) {
        return forward(g -> g.resume(agentId));
    }

    @Override
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        return forward(g -> g.purgeBefore(before));
    }

    @Override
    public List<ClientInfo> clients() {
        return forward(ControllerGateway::clients);
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return forward(g -> g.events(afterSequence, maxWait));
    }
}
