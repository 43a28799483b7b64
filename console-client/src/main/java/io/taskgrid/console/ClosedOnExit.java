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
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A command's session that is also closed when the JVM stops before the command closes it itself (Ctrl-C during
 * {@code watch} or {@code submit --wait}, a kill): the controller then drops this client from {@code clients} at once
 * rather than when its lease runs out. While the session is open a shutdown hook ("taskgrid-session-close") is
 * registered; {@link #close()} removes it. Once the hook closed the session, a call the command still makes waits for
 * the JVM to stop instead of failing with a stale "session ended" while the terminal is being given back.
 */
final class ClosedOnExit implements ControllerGateway {
    /** How long the hook waits for the controller to take the close (the JVM stops then in any case). */
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);

    private volatile ControllerGateway session;
    private final Thread hook = new Thread(this::closeOnExit, "taskgrid-session-close");
    private volatile boolean stopping;

    private ClosedOnExit() {
    }

    /**
     * Opens a session with the hook in place before it: Ctrl-C while it opens closes it too, as soon as it is open.
     * When the JVM is already stopping, the session is closed at once and calls wait for the stop.
     */
    static ControllerGateway open(Supplier<ControllerGateway> opener) {
        ClosedOnExit g = new ClosedOnExit();
        try {
            Runtime.getRuntime().addShutdownHook(g.hook);
        } catch (IllegalStateException alreadyStopping) {
            g.stopping = true; // opened (a reconnection) while Ctrl-C stops the JVM: not a session to keep
        }
        ControllerGateway opened;
        try {
            opened = Objects.requireNonNull(opener.get(), "session");
        } catch (RuntimeException e) {
            g.removeHook();
            throw e;
        }
        g.session = opened;
        if (g.stopping) {
            // The hook ran while the session was being opened, or could not be added: close it here.
            g.closeWithin();
        }
        return g;
    }

    /** The hook's work: close the session, if one is open yet. */
    private void closeOnExit() {
        stopping = true;
        if (session != null) {
            closeWithin();
        }
    }

    /** Closes the session, waiting at most {@link #CLOSE_WITHIN} for the controller (the JVM stops then in any case). */
    private void closeWithin() {
        ControllerGateway s = session;
        Thread closer = new Thread(s::close, "taskgrid-session-close-call");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WITHIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(Supplier<T> call) {
        if (stopping) {
            awaitExit();
        }
        return call.get();
    }

    /** The JVM stops once its hooks are done; nothing this command could still say would be seen. */
    private static void awaitExit() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ControllerUnreachableException("The command stops; its session with the controller was closed.", null);
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
    public List<AgentInfo> agents() {
        return call(session::agents);
    }

    @Override
    public List<ClientInfo> clients() {
        return call(session::clients);
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
    public AgentInfo drain(String agentId, String reason) {
        return call(() -> session.drain(agentId, reason));
    }

    @Override
    public AgentInfo resume(String agentId) {
        return call(() -> session.resume(agentId));
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return call(() -> session.events(afterSequence, maxWait));
    }

    @Override
    public void close() {
        removeHook();
        session.close();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // The JVM is stopping: the hook closes the session too; closing twice is harmless.
        }
    }
}
