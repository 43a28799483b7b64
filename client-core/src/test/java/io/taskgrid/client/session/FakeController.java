package io.taskgrid.client.session;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.ControllerUnreachableException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A controller at {@link #ADDRESS} for the session tests: its info and the first event cursor answer with its number;
 * events come from {@link #pending}; every read fails as a lost connection once it is {@link #gone}.
 */
final class FakeController implements ControllerGateway {
    static final ControllerAddress ADDRESS = new ControllerAddress("grid", 1099);

    final long number;
    final BlockingQueue<List<GridEvent>> pending = new LinkedBlockingQueue<>();
    /** How long an event call waits for {@link #pending} at the most (a long poll); zero answers at once. */
    volatile Duration pollWait = Duration.ZERO;
    volatile boolean gone;
    volatile int closed;
    volatile int polls;

    FakeController(long number) {
        this.number = number;
    }

    private void check() {
        if (gone) {
            throw new ControllerUnreachableException("gone", null);
        }
    }

    @Override
    public ControllerAddress address() {
        return ADDRESS;
    }

    @Override
    public ControllerInfo info() {
        check();
        return new ControllerInfo("c" + number, "/srv", 4, "1");
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        polls++;
        check();
        long wait = Math.min(maxWait.toMillis(), pollWait.toMillis());
        List<GridEvent> next;
        try {
            next = pending.poll(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerUnreachableException("interrupted", e);
        }
        List<GridEvent> events = next == null ? List.of() : next;
        return new EventBatch(events, afterSequence == 0 ? number : afterSequence + events.size(), false);
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        check();
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskRecord task(long taskId) {
        check();
        throw new UnsupportedOperationException();
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        check();
        return List.of();
    }

    @Override
    public TaskRecord cancel(long taskId) {
        check();
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public TaskRecord hold(long taskId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public TaskRecord release(long taskId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public AgentInfo resume(String agentId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.client.GridSummary summary() {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public List<AgentInfo> agents() {
        check();
        return List.of();
    }

    @Override
    public List<ClientInfo> clients() {
        check();
        return List.of();
    }

    @Override
    public void close() {
        closed++;
    }
}
