package io.taskgrid.api.client;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;

/** Everything a client may do, reachable only through the session the controller opened for it. */
public interface ClientSession extends Remote {

    ControllerInfo info() throws RemoteException;

    /**
     * Submits one task. A task the controller refuses (missing program, path outside the shared root,
     * language no connected agent runs, bad address …) comes back in state REJECTED with a message that
     * names the problem and the fix; it is kept in the history.
     */
    TaskRecord submit(TaskSpec spec) throws RemoteException;

    /** Submits many tasks in one call and one transaction; same rules as {@link #submit}, in order. */
    List<TaskRecord> submitAll(List<TaskSpec> specs) throws RemoteException;

    /**
     * One task with its output excerpts (withheld, see {@link TaskRecord#outputWithheld()}, from users other than
     * its owner and administrators unless the controller shares them); for a queued task {@link TaskRecord#waitReason()} says why it waits. */
    TaskRecord task(long taskId) throws RemoteException, NoSuchTaskException;

    /**
     * Every run of a task, first attempt first: which agent ran it, when, and how that run ended (a run whose
     * agent was lost ends with the task back in the queue). The default, for controllers that keep no
     * attempts, answers an empty list.
     */
    default List<TaskAttempt> attempts(long taskId) throws RemoteException, NoSuchTaskException {
        return List.of();
    }

    /**
     * The program a task runs, as it was submitted: an inline program with its text, a program on the shared folder by
     * its path (the controller keeps no copy of those). It goes to whoever may see the task's output (its owner and
     * administrators, unless the controller shares output with everyone), for {@code show --program} and the desktop's
     * Run again.
     *
     * @throws NoSuchTaskException     when there is no such task
     * @throws AccessDeniedException   when the program is not the caller's to see
     * @throws InvalidRequestException from a controller too old to hand programs out (the default)
     */
    default ProgramSource program(long taskId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller does not hand out programs; update it to a version that does.");
    }

    /**
     * What a task's program wrote to stdout and stderr, from {@code stdoutOffset} and {@code stderrOffset} on, at most
     * {@code maxBytes} of each (and never more than {@link TaskOutput#MAX_BYTES}): the files the agent writes while the
     * program runs, so a client can follow them ({@code taskgrid logs -f}) without seeing the shared folder. Like the
     * output excerpts of {@link #task}, it goes to the task's owner and administrators only, unless the controller
     * shares output with everyone. The default, for a session that keeps no files, refuses.
     *
     * @throws NoSuchTaskException     when there is no such task
     * @throws AccessDeniedException   when the output is not the caller's to see
     * @throws InvalidRequestException for a negative offset or a {@code maxBytes} below 1
     */
    default TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller sends no output by offset; `taskgrid show " + taskId
                + "` shows the excerpts it keeps.");
    }

    /** A page of history, newest first, without output excerpts. */
    List<TaskRecord> history(HistoryQuery query) throws RemoteException;

    /**
     * Cancels a queued or running task; a task already ended is returned unchanged.
     *
     * @throws AccessDeniedException when the caller is neither the task's owner nor an administrator
     */
    TaskRecord cancel(long taskId) throws RemoteException, NoSuchTaskException, AccessDeniedException;

    /**
     * Gives a queued task another priority (higher runs first; 0 is the default). Its owner may lower it, or raise it
     * back up to the default; only an administrator raises a task above the default.
     *
     * @throws NoSuchTaskException     when there is no such task
     * @throws AccessDeniedException   when the task is not the caller's, or the caller may not raise it that high
     * @throws InvalidRequestException when the task is no longer queued, or the priority is out of range
     */
    default TaskRecord reprioritize(long taskId, int priority)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot change a task's priority; update it to a version that can.");
    }

    /**
     * Keeps a queued task from starting (its owner or an administrator) until {@link #release}; it keeps its place
     * otherwise. Holding a held task changes nothing.
     *
     * @throws NoSuchTaskException     when there is no such task
     * @throws AccessDeniedException   when the task is not the caller's
     * @throws InvalidRequestException when the task is no longer queued (it runs, waits on an agent, or ended)
     */
    default TaskRecord hold(long taskId) throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot hold tasks; update it to a version that can.");
    }

    /** Lets a held task start (its owner or an administrator); as {@link #hold}. A task not held is answered as it is. */
    default TaskRecord release(long taskId) throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot hold tasks; update it to a version that can.");
    }

    /**
     * A task array at a glance: its members counted by state, and which failed. {@code arrayId} is the id of its first
     * member. Anyone logged in may ask (as for {@link #task}).
     *
     * @throws NoSuchTaskException     when there is no such task
     * @throws InvalidRequestException when the task is not the first member of an array (or the controller is too old)
     */
    default io.taskgrid.api.task.ArraySummary array(long arrayId)
            throws RemoteException, NoSuchTaskException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no task arrays; update it to a version that has.");
    }

    /**
     * The member of array {@code arrayId} with index {@code index} ({@code 42.7}).
     *
     * @throws NoSuchTaskException     when there is no such array
     * @throws InvalidRequestException when the array has no such index (the sentence names its indexes)
     */
    default TaskRecord member(long arrayId, int index) throws RemoteException, NoSuchTaskException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no task arrays; update it to a version that has.");
    }

    /**
     * Cancels every member of an array that has not ended (its owner or an administrator), as {@link #cancel} does one
     * task; what ended stays as it was.
     */
    default io.taskgrid.api.task.ArraySummary cancelArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no task arrays; update it to a version that has.");
    }

    /** Holds every member of an array that waits (its owner or an administrator); those running go on. */
    default io.taskgrid.api.task.ArraySummary holdArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no task arrays; update it to a version that has.");
    }

    /** Releases every held member of an array (its owner or an administrator). */
    default io.taskgrid.api.task.ArraySummary releaseArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no task arrays; update it to a version that has.");
    }

    /**
     * The tasks that wait for task {@code taskId} (or for its array, when it is an array's id), at most {@code limit},
     * lowest id first.
     */
    default List<TaskRecord> dependants(long taskId, int limit) throws RemoteException, InvalidRequestException {
        throw new InvalidRequestException("This controller has no dependencies; update it to a version that has.");
    }

    List<AgentInfo> agents() throws RemoteException, AccessDeniedException;

    /**
     * The grid in a few figures (running, queued, held, agents), counted by the controller without reading the
     * history: for a status line asked every few seconds. Anyone logged in may ask.
     *
     * @throws InvalidRequestException from a controller too old to count (the default)
     */
    default GridSummary summary() throws RemoteException, InvalidRequestException {
        throw new InvalidRequestException("This controller gives no summary; update it to a version that does.");
    }

    /**
     * Each user's recent use of the pool and tasks now, as fair share weighs them. Anyone logged in may ask.
     *
     * @throws InvalidRequestException from a controller too old to tell (the default)
     */
    default UsageReport usage() throws RemoteException, InvalidRequestException {
        throw new InvalidRequestException("This controller does not report usage; update it to a version that does.");
    }

    /**
     * The grid's health on one screen (administrators only): version and uptime, agents, slots, the queue by reason,
     * the last problems and the history's size.
     *
     * @throws AccessDeniedException   when the caller is not an administrator
     * @throws InvalidRequestException from a controller too old to tell (the default)
     */
    default GridStatus status() throws RemoteException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller gives no status; update it to a version that does.");
    }

    List<ClientInfo> clients() throws RemoteException, AccessDeniedException;

    /**
     * Drains an agent (administrators only): it takes no new task, what runs there finishes, and then it shows as
     * drained and can be stopped for maintenance without losing work. It stays drained when it reconnects, until
     * {@link #resume}. {@code agentId} is its id or a prefix of it that names one connected agent.
     *
     * @param reason why, in a few words (shown to users whose tasks wait because of it); may be empty
     * @throws AccessDeniedException   when the caller is not an administrator
     * @throws InvalidRequestException for an unknown or ambiguous agent, or a reason too long or with control characters
     */
    default AgentInfo drain(String agentId, String reason) throws RemoteException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot drain agents; update it to a version that can.");
    }

    /**
     * Lets a drained agent take tasks again (administrators only).
     *
     * @throws AccessDeniedException   when the caller is not an administrator
     * @throws InvalidRequestException for an unknown or ambiguous agent
     */
    default AgentInfo resume(String agentId) throws RemoteException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot drain agents; update it to a version that can.");
    }

    /**
     * Removes the tasks that ended before {@code before} from the history (administrators only), in small batches,
     * as the controller's own retention does: a task still queued or running, or that a kept duplicate points at,
     * stays; result folders go too when the controller was started with --delete-results.
     *
     * @throws AccessDeniedException   when the caller is not an administrator
     * @throws InvalidRequestException when {@code before} is in the future
     */
    default PurgeReport purgeBefore(java.time.Instant before) throws RemoteException, AccessDeniedException, InvalidRequestException {
        throw new InvalidRequestException("This controller cannot purge its history; update it to a version that can.");
    }

    /**
     * Events after {@code afterSequence}, waiting up to {@code maxWait} (at most 30 s) for the first one.
     * For clients that cannot be called back; {@code afterSequence} 0 starts from now.
     */
    EventBatch events(long afterSequence, Duration maxWait) throws RemoteException;

    /**
     * Keeps the session open and answers its lease. A leased session the controller hears nothing from (no call of
     * any kind) for the lease ends as if it had been closed, so a client that vanished (killed, network cut) leaves
     * {@code clients} within the controller's heartbeat timeout. Console and desktop sessions are leased from the
     * start (client-core renews for them at a fraction of the lease, on a thread of its own); a script's session from
     * its first call of this method; one that never calls it lives until it is closed, as scripts written against
     * earlier versions expect. The default answers {@link Duration#ZERO}: a controller that leases no sessions.
     */
    default Duration renew() throws RemoteException {
        return Duration.ZERO;
    }

    /** Ends the session. */
    void close() throws RemoteException;
}
