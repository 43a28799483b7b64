package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A gateway for commands that follow the grid for a long time ({@code watch}, {@code submit --wait}): when the
 * controller goes away (restarted, network cut) it opens a new session by itself, retrying with a growing pause
 * (0.5 s up to 5 s) for at most {@code giveUpAfter}, and says so on the error stream. Reads are repeated on the
 * new session; the first event call after a reconnection answers {@code missed} with the new controller's
 * cursor, so that followers reload what they show. Submissions and cancellations are never repeated: a call that
 * may have reached the old controller fails as it did.
 */
final class ReconnectingGateway implements ControllerGateway {
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private final Supplier<ControllerGateway> connect;
    private final PrintWriter err;
    private final Duration giveUpAfter;
    private ControllerGateway current;
    private boolean cursorStale;

    /**
     * @param first   the session open now (closed by this gateway from now on)
     * @param connect opens a new session ({@link ControllerUnreachableException} when none can be had)
     */
    ReconnectingGateway(ControllerGateway first, Supplier<ControllerGateway> connect, PrintWriter err, Duration giveUpAfter) {
        this.current = first;
        this.connect = connect;
        this.err = err;
        this.giveUpAfter = giveUpAfter;
    }

    private interface Call<T> {
        T on(ControllerGateway gateway);
    }

    /** Runs a read; when the controller is gone, reconnects and runs it again. */
    private <T> T read(Call<T> call) {
        try {
            return call.on(current);
        } catch (ControllerUnreachableException e) {
            reconnect(e);
            return call.on(current);
        }
    }

    private void reconnect(ControllerUnreachableException cause) {
        err.println("Lost the controller at " + current.address() + ": " + cause.getMessage() + " Reconnecting by itself for up to "
                + giveUpAfter.toMinutes() + " min (Ctrl-C to stop).");
        err.flush();
        ControllerAddress address = current.address();
        current.close();
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        ControllerUnreachableException last = cause;
        while (System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(pause); // a retry pause, not a poll: the controller cannot tell us it is back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControllerUnreachableException("Stopped reconnecting to the controller at " + address + ".", e);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            try {
                current = connect.get();
                cursorStale = true;
                err.println("Reconnected to the controller at " + address + ".");
                err.flush();
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
    public List<TaskRecord> history(HistoryQuery query) {
        return read(g -> g.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return current.cancel(taskId);
    }

    @Override
    public List<AgentInfo> agents() {
        return read(ControllerGateway::agents);
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
