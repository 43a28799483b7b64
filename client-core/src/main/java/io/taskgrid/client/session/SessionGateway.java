package io.taskgrid.client.session;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.UnknownTaskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** The gateway over a real session stub: the one place where a session call's {@link RemoteException} is translated. */
final class SessionGateway implements ControllerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGateway.class);

    private final ClientSession session;
    private final ControllerAddress address;
    private final Directions directions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final KeepAlive keepAlive;

    /** Starts renewing the session's lease at once (see {@link KeepAlive}) until {@link #close()}. */
    SessionGateway(ClientSession session, ControllerAddress address, Directions directions) {
        this.session = Objects.requireNonNull(session, "session");
        this.address = Objects.requireNonNull(address, "address");
        this.directions = Objects.requireNonNull(directions, "directions");
        this.keepAlive = new KeepAlive(session::renew, "the session with the controller at " + address);
        keepAlive.start();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException;
    }

    /** Runs a call on the session; {@code taskId} names the task a {@link NoSuchTaskException} is about. */
    private <T> T call(long taskId, Call<T> call) {
        try {
            return call.run();
        } catch (NoSuchTaskException e) {
            throw new UnknownTaskException(taskId, directions, e);
        } catch (AccessDeniedException e) {
            throw new AccessRefusedException(e.getMessage(), e);
        } catch (InvalidRequestException e) {
            throw new InputRefusedException(e.getMessage(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e, directions, this::controllerProtocol);
        }
    }

    /** The controller's protocol, asked when a call failed for want of a common one; null when it cannot be asked. */
    private String controllerProtocol() {
        try {
            return session.info().protocol();
        } catch (RemoteException | RuntimeException e) {
            return null;
        }
    }

    private <T> T call(Call<T> call) {
        return call(-1, call);
    }

    @Override
    public ControllerAddress address() {
        return address;
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
        // A copy: callers pass views such as subList, which cannot be serialized.
        return call(() -> session.submitAll(List.copyOf(specs)));
    }

    @Override
    public TaskRecord task(long taskId) {
        return call(taskId, () -> session.task(taskId));
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        return call(taskId, () -> session.attempts(taskId));
    }

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        return call(taskId, () -> session.program(taskId));
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        return call(taskId, () -> session.output(taskId, stdoutOffset, stderrOffset, maxBytes));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        return call(() -> session.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return call(taskId, () -> session.cancel(taskId));
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        return call(taskId, () -> session.reprioritize(taskId, priority));
    }

    @Override
    public TaskRecord hold(long taskId) {
        return call(taskId, () -> session.hold(taskId));
    }

    @Override
    public TaskRecord release(long taskId) {
        return call(taskId, () -> session.release(taskId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        return call(arrayId, () -> session.array(arrayId));
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        return call(arrayId, () -> session.member(arrayId, index));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        return call(arrayId, () -> session.cancelArray(arrayId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        return call(arrayId, () -> session.holdArray(arrayId));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        return call(arrayId, () -> session.releaseArray(arrayId));
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        return call(taskId, () -> session.dependants(taskId, limit));
    }

    @Override
    public GridSummary summary() {
        return call(session::summary);
    }

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        return call(session::usage);
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
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        return call(() -> session.purgeBefore(before));
    }

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        return call(session::status);
    }

    @Override
    public List<ClientInfo> clients() {
        return call(session::clients);
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return call(() -> session.events(afterSequence, maxWait));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        keepAlive.stop();
        try {
            session.close();
        } catch (RemoteException e) {
            // The work is done; the controller ends the session by itself once its lease runs out.
            LOG.debug("Could not close the session with the controller at {}; it ends by itself.", address, e);
        }
    }
}
