package io.taskgrid.api.task;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task as the history knows it: what was asked, and what happened.
 *
 * @param id task id, unique and increasing
 * @param project project name
 * @param projectId id within the project
 * @param program the program as people see it: its shared path or {@code name (inline)}
 * @param language detected language; {@code null} when it could not be told
 * @param arguments program arguments
 * @param dataPath data path relative to the shared root, or {@code null}
 * @param email address for the report, or {@code null}
 * @param timeout wall-clock limit, or {@code null}
 * @param priority higher runs first
 * @param state current state
 * @param agentId UID of the agent that runs or ran it, or {@code null}
 * @param agentHost host of that agent, or {@code null}
 * @param exitCode the program's exit code once ended, or {@code null}
 * @param output bounded excerpt of stdout; {@code null} in lists and events
 * @param errorOutput bounded excerpt of stderr; {@code null} in lists and events
 * @param message one sentence on what happened (why it failed, was rejected, waits …), or {@code null}
 * @param submittedAt when the controller accepted it
 * @param startedAt when its current attempt started, or {@code null}
 * @param endedAt when it reached a final state, or {@code null}
 * @param resultPath result folder relative to the shared root, or {@code null}
 * @param clientUser user who submitted it
 * @param clientHost address the submission came from
 * @param attempt 1 for the first run, more after an agent was lost
 * @param duplicateOf id of the earlier task with the same result, or {@code null}
 * @param usage latest measured use, or {@code null}
 * @param waitReason for a queued task, why it waits (set by the controller when asked); for a running one whose agent
 *                   is silent, when it runs again unless that agent reports; else {@code null}
 * @param mailStatus what became of the report by mail (sent, written to the outbox, or why it failed), or
 *                   {@code null} while none was due or it is still on its way
 * @param outputWithheld true when the controller left out the output excerpts and the result path because the
 *                   caller is neither the task's owner ({@link #clientUser()}) nor an administrator
 * @param heldBy     for a queued task kept from starting ({@code taskgrid hold}, {@code submit --hold}), the user who
 *                   held it; else {@code null}
 * @param requirements the agent labels it requires and avoids; {@link Requirements#NONE} for none (never null)
 * @param resources  the CPUs and memory it asked for; {@link Resources#DEFAULT} when it said nothing (never null)
 * @param retry      how often it runs again after a failure; {@link RetryPolicy#NONE} when it said nothing (never null)
 * @param retriesUsed how many of those retries it has had (attempts after a lost agent are not retries)
 * @param retryAt    for a queued task that failed and waits for its retry: when it goes back to its queue; else
 *                   {@code null}
 * @param arrayId    the id of the array it is a member of (the id of that array's first member), or {@code null}
 * @param arrayIndex its index in that array ({@code TASKGRID_ARRAY_INDEX}), or {@code null}
 * @param after      the tasks (or arrays) it waits for, and how; empty for none (never null)
 */
public record TaskRecord(
        long id,
        String project,
        String projectId,
        String program,
        Language language,
        List<String> arguments,
        String dataPath,
        String email,
        Duration timeout,
        int priority,
        TaskState state,
        String agentId,
        String agentHost,
        Integer exitCode,
        String output,
        String errorOutput,
        String message,
        Instant submittedAt,
        Instant startedAt,
        Instant endedAt,
        String resultPath,
        String clientUser,
        String clientHost,
        int attempt,
        Long duplicateOf,
        ResourceUsage usage,
        String waitReason,
        String mailStatus,
        boolean outputWithheld,
        String heldBy,
        Requirements requirements,
        Resources resources,
        RetryPolicy retry,
        int retriesUsed,
        Instant retryAt,
        Long arrayId,
        Integer arrayIndex,
        List<Dependency> after) implements Serializable {

    public TaskRecord {
        Objects.requireNonNull(state, "state");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        requirements = requirements == null ? Requirements.NONE : requirements;
        resources = resources == null ? Resources.DEFAULT : resources;
        retry = retry == null ? RetryPolicy.NONE : retry;
        if (retriesUsed < 0) {
            throw new IllegalArgumentException("A task's retries used are 0 or more, not " + retriesUsed);
        }
        if ((arrayId == null) != (arrayIndex == null)) {
            throw new IllegalArgumentException("A member of an array has both an array id and an index, not one of them");
        }
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** Not in an array, waiting for none. */
    public TaskRecord(long id, String project, String projectId, String program, Language language, List<String> arguments,
                      String dataPath, String email, Duration timeout, int priority, TaskState state, String agentId,
                      String agentHost, Integer exitCode, String output, String errorOutput, String message,
                      Instant submittedAt, Instant startedAt, Instant endedAt, String resultPath, String clientUser,
                      String clientHost, int attempt, Long duplicateOf, ResourceUsage usage, String waitReason,
                      String mailStatus, boolean outputWithheld, String heldBy, Requirements requirements,
                      Resources resources, RetryPolicy retry, int retriesUsed, Instant retryAt) {
        this(id, project, projectId, program, language, arguments, dataPath, email, timeout, priority, state, agentId,
                agentHost, exitCode, output, errorOutput, message, submittedAt, startedAt, endedAt, resultPath, clientUser,
                clientHost, attempt, duplicateOf, usage, waitReason, mailStatus, outputWithheld, heldBy, requirements,
                resources, retry, retriesUsed, retryAt, null, null, List.of());
    }

    /** Whether it is a member of an array. */
    public boolean inArray() {
        return arrayId != null;
    }

    /** Whether it is the first member of an array, whose id is the array's. */
    public boolean firstOfArray() {
        return arrayId != null && arrayId == id;
    }

    /** How people name it: {@code 42} for a task, {@code 42.7} for index 7 of array 42. */
    public String displayId() {
        return arrayId == null ? Long.toString(id) : arrayId + "." + arrayIndex;
    }

    /** Not retried. */
    public TaskRecord(long id, String project, String projectId, String program, Language language, List<String> arguments,
                      String dataPath, String email, Duration timeout, int priority, TaskState state, String agentId,
                      String agentHost, Integer exitCode, String output, String errorOutput, String message,
                      Instant submittedAt, Instant startedAt, Instant endedAt, String resultPath, String clientUser,
                      String clientHost, int attempt, Long duplicateOf, ResourceUsage usage, String waitReason,
                      String mailStatus, boolean outputWithheld, String heldBy, Requirements requirements,
                      Resources resources) {
        this(id, project, projectId, program, language, arguments, dataPath, email, timeout, priority, state, agentId,
                agentHost, exitCode, output, errorOutput, message, submittedAt, startedAt, endedAt, resultPath, clientUser,
                clientHost, attempt, duplicateOf, usage, waitReason, mailStatus, outputWithheld, heldBy, requirements,
                resources, RetryPolicy.NONE, 0, null);
    }

    /** Whether it is queued, waiting for the delay before a retry to pass. */
    public boolean waitsToRetry() {
        return retryAt != null && state == TaskState.QUEUED;
    }

    /** Sent over the network in the compact form, which writes no class description per call (see {@link CompactForm}). */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }

    /** Whether it is queued and kept from starting until it is released. */
    public boolean held() {
        return heldBy != null && state == TaskState.QUEUED;
    }

    /** The same task without its output excerpts, as sent in lists and events. */
    public TaskRecord withoutOutput() {
        if (output == null && errorOutput == null) {
            return this;
        }
        return toBuilder().output(null).errorOutput(null).build();
    }

    /** The same task as someone other than its owner or an administrator sees it: no output excerpts, no result path. */
    public TaskRecord withOutputWithheld() {
        return toBuilder().output(null).errorOutput(null).resultPath(null).outputWithheld(true).build();
    }

    public Builder toBuilder() {
        return Builder.from(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Copies a record with some fields changed. */
    public static final class Builder {
        private long id;
        private String project;
        private String projectId;
        private String program;
        private Language language;
        private List<String> arguments;
        private String dataPath;
        private String email;
        private Duration timeout;
        private int priority;
        private TaskState state;
        private String agentId;
        private String agentHost;
        private Integer exitCode;
        private String output;
        private String errorOutput;
        private String message;
        private Instant submittedAt;
        private Instant startedAt;
        private Instant endedAt;
        private String resultPath;
        private String clientUser;
        private String clientHost;
        private int attempt;
        private Long duplicateOf;
        private ResourceUsage usage;
        private String waitReason;
        private String mailStatus;
        private boolean outputWithheld;
        private String heldBy;
        private Requirements requirements = Requirements.NONE;
        private Resources resources = Resources.DEFAULT;
        private RetryPolicy retry = RetryPolicy.NONE;
        private int retriesUsed;
        private Instant retryAt;
        private Long arrayId;
        private Integer arrayIndex;
        private List<Dependency> after = List.of();

        private Builder() {
            this.arguments = List.of();
            this.attempt = 1;
        }

        static Builder from(TaskRecord r) {
            Builder b = new Builder();
            b.id = r.id;
            b.project = r.project;
            b.projectId = r.projectId;
            b.program = r.program;
            b.language = r.language;
            b.arguments = r.arguments;
            b.dataPath = r.dataPath;
            b.email = r.email;
            b.timeout = r.timeout;
            b.priority = r.priority;
            b.state = r.state;
            b.agentId = r.agentId;
            b.agentHost = r.agentHost;
            b.exitCode = r.exitCode;
            b.output = r.output;
            b.errorOutput = r.errorOutput;
            b.message = r.message;
            b.submittedAt = r.submittedAt;
            b.startedAt = r.startedAt;
            b.endedAt = r.endedAt;
            b.resultPath = r.resultPath;
            b.clientUser = r.clientUser;
            b.clientHost = r.clientHost;
            b.attempt = r.attempt;
            b.duplicateOf = r.duplicateOf;
            b.usage = r.usage;
            b.waitReason = r.waitReason;
            b.mailStatus = r.mailStatus;
            b.outputWithheld = r.outputWithheld;
            b.heldBy = r.heldBy;
            b.requirements = r.requirements;
            b.resources = r.resources;
            b.retry = r.retry;
            b.retriesUsed = r.retriesUsed;
            b.retryAt = r.retryAt;
            b.arrayId = r.arrayId;
            b.arrayIndex = r.arrayIndex;
            b.after = r.after;
            return b;
        }

        public Builder id(long value) { this.id = value; return this; }
        public Builder project(String value) { this.project = value; return this; }
        public Builder projectId(String value) { this.projectId = value; return this; }
        public Builder program(String value) { this.program = value; return this; }
        public Builder language(Language value) { this.language = value; return this; }
        public Builder arguments(List<String> value) { this.arguments = value; return this; }
        public Builder dataPath(String value) { this.dataPath = value; return this; }
        public Builder email(String value) { this.email = value; return this; }
        public Builder timeout(Duration value) { this.timeout = value; return this; }
        public Builder priority(int value) { this.priority = value; return this; }
        public Builder state(TaskState value) { this.state = value; return this; }
        public Builder agentId(String value) { this.agentId = value; return this; }
        public Builder agentHost(String value) { this.agentHost = value; return this; }
        public Builder exitCode(Integer value) { this.exitCode = value; return this; }
        public Builder output(String value) { this.output = value; return this; }
        public Builder errorOutput(String value) { this.errorOutput = value; return this; }
        public Builder message(String value) { this.message = value; return this; }
        public Builder submittedAt(Instant value) { this.submittedAt = value; return this; }
        public Builder startedAt(Instant value) { this.startedAt = value; return this; }
        public Builder endedAt(Instant value) { this.endedAt = value; return this; }
        public Builder resultPath(String value) { this.resultPath = value; return this; }
        public Builder clientUser(String value) { this.clientUser = value; return this; }
        public Builder clientHost(String value) { this.clientHost = value; return this; }
        public Builder attempt(int value) { this.attempt = value; return this; }
        public Builder duplicateOf(Long value) { this.duplicateOf = value; return this; }
        public Builder usage(ResourceUsage value) { this.usage = value; return this; }
        public Builder waitReason(String value) { this.waitReason = value; return this; }
        public Builder mailStatus(String value) { this.mailStatus = value; return this; }
        public Builder outputWithheld(boolean value) { this.outputWithheld = value; return this; }
        public Builder heldBy(String value) { this.heldBy = value; return this; }
        public Builder requirements(Requirements value) { this.requirements = value; return this; }
        public Builder resources(Resources value) { this.resources = value; return this; }
        public Builder retry(RetryPolicy value) { this.retry = value; return this; }
        public Builder retriesUsed(int value) { this.retriesUsed = value; return this; }
        public Builder retryAt(Instant value) { this.retryAt = value; return this; }
        public Builder arrayId(Long value) { this.arrayId = value; return this; }
        public Builder arrayIndex(Integer value) { this.arrayIndex = value; return this; }
        public Builder after(List<Dependency> value) { this.after = value; return this; }

        public TaskRecord build() {
            return new TaskRecord(id, project, projectId, program, language, arguments, dataPath, email, timeout, priority, state, agentId, agentHost, exitCode, output, errorOutput, message, submittedAt, startedAt, endedAt, resultPath, clientUser, clientHost, attempt, duplicateOf, usage, waitReason, mailStatus, outputWithheld, heldBy, requirements, resources, retry, retriesUsed, retryAt, arrayId, arrayIndex, after);
        }
    }
}
