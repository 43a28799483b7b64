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
import io.taskgrid.client.ControllerUnreachableException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A gateway for work that follows the grid for a long time on one thread (the console's {@code watch} and
 * {@code submit --wait}): when the controller goes away (restarted, network cut) it opens a new session by itself,
 * pausing by {@link Backoff} between attempts for at most {@code giveUpAfter}, and tells its {@link Listener}. Reads
 * are repeated on the new session; the first event call after a reconnection answers {@code missed} with the new
 * controller's cursor, so that followers reload what they show. Submissions and cancellations are never repeated: a
 * call that may have reached the old controller fails as it did. Not thread-safe: one thread uses it.
 */
public final class ReconnectingGateway implements ControllerGateway {
    /** How long a follower waits for a controller to come back before it gives up. */
    public static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    /** Told when the controller is lost and found again, on the calling thread. */
    public interface Listener {
        void lost(ControllerAddress address, ControllerUnreachableException cause, Duration giveUpAfter);

        void reconnected(ControllerAddress address);
    }

    private final Supplier<ControllerGateway> connect;
    private final Listener listener;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private volatile ControllerGateway current;
    private volatile boolean cursorStale;

    /**
     * @param first   the session open now (closed by this gateway from now on)
     * @param connect opens a new session ({@link ControllerUnreachableException} when none can be had)
     */
    public ReconnectingGateway(ControllerGateway first, Supplier<ControllerGateway> connect, Listener listener,
                               Backoff backoff, Duration giveUpAfter) {
        this.current = Objects.requireNonNull(first, "first");
        this.connect = Objects.requireNonNull(connect, "connect");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.giveUpAfter = Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    }

    private interface Call<T> {
        T on(ControllerGateway gateway);
    }

    /** Runs a read; when the controller is gone, reconnects and runs it again. */
    private <T> T read(Call<T> call) {
        ControllerGateway used = current;
        try {
            return call.on(used);
        } catch (ControllerUnreachableException e) {
            reconnect(used, e);
            return call.on(current);
        }
    }

    /**
     * Opens a new session in place of {@code failed}. Several threads may share this gateway (a view that follows
     * events and output at once): the first to see the loss reconnects, the others wait and use its new session.
     */
    private synchronized void reconnect(ControllerGateway failed, ControllerUnreachableException cause) {
        if (current != failed) {
            return; // another thread reconnected already
        }
        ControllerAddress address = current.address();
        listener.lost(address, cause, giveUpAfter);
        current.close();
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        ControllerUnreachableException last = cause;
        for (int failures = 0; System.nanoTime() < deadline; failures++) {
            try {
                // A retry pause, not a poll: the controller cannot tell us it is back.
                TimeUnit.MILLISECONDS.sleep(backoff.pause(failures).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControllerUnreachableException("Stopped reconnecting to the controller at " + address + ".", e);
            }
            try {
                current = connect.get();
                cursorStale = true;
                listener.reconnected(address);
                return;
            } catch (ControllerUnreachableException e) {
                last = e;
            }
        }
        throw new ControllerUnreachableException("The controller at " + address + " did not come back within "
                + giveUpAfter.toMinutes() + " min (" + last.getMessage() + ") Start it again, then run the command again.", last);
    }

    @Override
    public ControllerAddress address() {
        return current.address();
    }

    @Override
    public ControllerInfo info() {
        return read(ControllerGateway::info);
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        return current.submit(spec);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) {
        return current.submitAll(specs);
    }

    @Override
    public TaskRecord task(long taskId) {
        return read(g -> g.task(taskId));
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        return read(g -> g.attempts(taskId));
    }

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        return read(g -> g.program(taskId));
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        return read(g -> g.output(taskId, stdoutOffset, stderrOffset, maxBytes));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        return read(g -> g.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return current.cancel(taskId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        return read(g -> g.array(arrayId));
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        return read(g -> g.member(arrayId, index));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        return current.cancelArray(arrayId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        return current.holdArray(arrayId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        return current.releaseArray(arrayId);
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        return read(g -> g.dependants(taskId, limit));
    }

    @Override
    public GridSummary summary() {
        return read(ControllerGateway::summary);
    }

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        return read(ControllerGateway::status);
    }

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        return read(ControllerGateway::usage);
    }

    @Override
    public List<AgentInfo> agents() {
        return read(ControllerGateway::agents);
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        return current.reprioritize(taskId, priority);
    }

    @Override
    public TaskRecord hold(long taskId) {
        return current.hold(taskId);
    }

    @Override
    public TaskRecord release(long taskId) {
        return current.release(taskId);
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        return current.drain(agentId, reason);
    }

    @Override
    public AgentInfo resume(String agentId) {
        return current.resume(agentId);
    }

    /** Not tried again on another connection: the admin sees the failure and runs it again (it is idempotent). */
    @Override
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        return current.purgeBefore(before);
    }

    @Override
    public List<ClientInfo> clients() {
        return read(ControllerGateway::clients);
    }

    /** After a reconnection, the old cursor means nothing to the new session: answer "missed" with a fresh one. */
    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        EventBatch batch = read(g -> g.events(cursorStale ? 0 : afterSequence, cursorStale ? Duration.ZERO : maxWait));
        if (cursorStale) {
            cursorStale = false;
            return new EventBatch(List.of(), batch.lastSequence(), true);
        }
        return batch;
    }

    @Override
    public void close() {
        current.close();
    }
}
