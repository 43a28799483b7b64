package io.taskgrid.client.session;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.UnknownTaskException;

import java.time.Duration;
import java.util.List;

/**
 * One open session with a controller, as the clients use it: the remote {@link ClientSession} with its checked
 * exceptions translated once into unchecked ones that keep their cause ({@link ControllerUnreachableException} when
 * the connection is lost, {@link UnknownTaskException}, {@link AccessRefusedException}). Blocking: call it from a
 * command's thread or a background thread, never a UI thread.
 */
public interface ControllerGateway extends AutoCloseable {

    /** Where this controller is. */
    ControllerAddress address();

    ControllerInfo info();

    TaskRecord submit(TaskSpec spec);

    /** Submits many tasks in one call and one transaction, in order; the default submits them one by one. */
    default List<TaskRecord> submitAll(List<TaskSpec> specs) {
        return specs.stream().map(this::submit).toList();
    }

    /** @throws UnknownTaskException when the controller knows no such task */
    TaskRecord task(long taskId);

    /**
     * Every run of a task with its agent, first first; the default (a controller that keeps none) is empty.
     *
     * @throws UnknownTaskException when the controller knows no such task
     */
    default List<TaskAttempt> attempts(long taskId) {
        return List.of();
    }

    /**
     * The task's program as it was submitted (an inline one with its text). No default: a wrapper must pass it on.
     *
     * @throws UnknownTaskException   when the controller knows no such task
     * @throws AccessRefusedException when it is not the caller's to see
     * @throws InputRefusedException  from a controller too old to hand programs out
     */
    io.taskgrid.api.task.ProgramSource program(long taskId);

    /**
     * Up to {@code maxBytes} of each of the task's stdout and stderr from the offsets on, as the agent writes them
     * (see {@link io.taskgrid.api.client.ClientSession#output}). No default: a gateway that wraps another must pass it on
     * (one that did not answered every `logs` with a refusal).
     *
     * @throws UnknownTaskException   when the controller knows no such task
     * @throws AccessRefusedException when the output is not this user's to see
     * @throws InputRefusedException  for a negative offset or a {@code maxBytes} below 1
     */
    TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes);

    List<TaskRecord> history(HistoryQuery query);

    /** @throws UnknownTaskException when the controller knows no such task */
    TaskRecord cancel(long taskId);

    /**
     * Gives a queued task another priority. No default: a gateway that wraps another must pass it on.
     *
     * @throws UnknownTaskException   when the controller knows no such task
     * @throws AccessRefusedException when it is not the caller's task, or only an administrator may raise it that high
     * @throws InputRefusedException  when the task is no longer queued or the priority is out of range
     */
    TaskRecord reprioritize(long taskId, int priority);

    /** Keeps a queued task from starting until {@link #release}; no default: a wrapper must pass it on. */
    TaskRecord hold(long taskId);

    /** Lets a held task start; no default: a wrapper must pass it on. */
    TaskRecord release(long taskId);

    /**
     * A task array at a glance: its members counted by state, and which failed. No default: a wrapper must pass it on.
     *
     * @throws UnknownTaskException  when the controller knows no such task
     * @throws InputRefusedException when the task is not the first member of an array (or the controller is too old)
     */
    ArraySummary array(long arrayId);

    /**
     * The member of array {@code arrayId} with index {@code index} ({@code 42.7}).
     *
     * @throws UnknownTaskException  when there is no such array
     * @throws InputRefusedException when the array has no such index
     */
    TaskRecord member(long arrayId, int index);

    /** Cancels every member of an array that has not ended; as {@link #cancel}, for the whole array. */
    ArraySummary cancelArray(long arrayId);

    /** Holds every waiting member of an array. */
    ArraySummary holdArray(long arrayId);

    /** Releases every held member of an array. */
    ArraySummary releaseArray(long arrayId);

    /** The tasks that wait for task (or array) {@code taskId}, at most {@code limit}, lowest id first. */
    List<TaskRecord> dependants(long taskId, int limit);

    List<AgentInfo> agents();

    /**
     * The grid in a few figures, cheap to ask often. No default: a wrapper must pass it on.
     *
     * @throws InputRefusedException from a controller too old to count
     */
    GridSummary summary();

    /**
     * Each user's recent use of the pool, as fair share weighs it. No default: a wrapper must pass it on.
     *
     * @throws InputRefusedException from a controller too old to tell
     */
    io.taskgrid.api.client.UsageReport usage();

    /**
     * The grid's health on one screen (administrators). No default: a wrapper must pass it on.
     *
     * @throws AccessRefusedException when the caller is not an administrator
     * @throws InputRefusedException  from a controller too old to tell
     */
    io.taskgrid.api.client.GridStatus status();

    List<ClientInfo> clients();

    /**
     * Drains an agent (administrators): no new task, what runs there finishes. {@code agentId} may be a unique prefix.
     * No default: a gateway that wraps another must pass it on.
     *
     * @throws AccessRefusedException when the caller is not an administrator
     * @throws InputRefusedException  for an unknown or ambiguous agent or a bad reason
     */
    AgentInfo drain(String agentId, String reason);

    /** Lets a drained agent take tasks again; as {@link #drain}. */
    AgentInfo resume(String agentId);

    /**
     * Removes the tasks that ended before {@code before} from the history (administrators). No default: a gateway
     * that wraps another must pass it on.
     *
     * @throws AccessRefusedException when the caller is not an administrator
     * @throws InputRefusedException  for a date in the future, or a controller too old to purge
     */
    io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before);

    /** Events after {@code afterSequence}, waiting up to {@code maxWait}; 0 starts from now. */
    EventBatch events(long afterSequence, Duration maxWait);

    /** Ends the session; idempotent, never throws. */
    @Override
    void close();

    /** The gateway over a session stub the controller handed out; failures are worded with {@code directions}. */
    static ControllerGateway over(ClientSession session, ControllerAddress address, Directions directions) {
        return new SessionGateway(session, address, directions);
    }
}
