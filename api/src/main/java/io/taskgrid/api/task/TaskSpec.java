package io.taskgrid.api.task;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client asks to run. Structural defaults are applied here; the controller validates the content
 * (names, paths, address, limits) and refuses a bad spec with a sentence that names the fix.
 *
 * @param project   project name; {@code "default"} when absent
 * @param projectId id unique within the project; {@code null} lets the controller choose one
 * @param program   the program to run
 * @param arguments arguments passed to the program
 * @param dataPath  data to stage, relative to the shared root; may be {@code null}
 * @param email     address for the report by mail; may be {@code null}
 * @param timeout   wall-clock limit; {@code null} for the controller's default
 * @param priority  higher runs first; 0 by default
 * @param force     run even if an earlier task already produced the same result
 * @param dedup     how duplicates are detected
 * @param environment variables the program gets ({@code submit --env NAME=VALUE}), besides the few the agent sets;
 *                  never shown in the history
 * @param hold      queue it held: it starts only once released ({@code submit --hold}, {@code taskgrid release})
 * @param requires  the agent labels it requires, as typed ({@code gpu}, {@code !big-mem} to avoid one; see
 *                  {@link Requirements#parse}); the controller checks them
 * @param waitForAgent keep it queued when no connected agent can run it (its language and labels) instead of
 *                  refusing it ({@code submit --wait-for-agent})
 * @param resources the CPUs and memory it asks of its agent ({@code submit --cpus 4 --memory 2G});
 *                  {@link Resources#DEFAULT} when it says nothing (never null)
 * @param retry     how often it runs again after a failure ({@code submit --retries 3 --retry-delay 30s
 *                  --retry-on-exit 75}); {@link RetryPolicy#NONE} when it says nothing (never null)
 * @param array     the indexes of a task array to submit in one call ({@code submit --array 1-1000%10}), or
 *                  {@code null} for one task
 * @param after     the tasks (or arrays) that must end first, and how ({@code --after 41 --after-any 42}); empty
 *                  for none (never null)
 */
public record TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments,
                       String dataPath, String email, Duration timeout, int priority, boolean force,
                       DedupMode dedup, Map<String, String> environment, boolean hold, List<String> requires,
                       boolean waitForAgent, Resources resources, RetryPolicy retry, TaskArray array,
                       List<Dependency> after) implements Serializable {

    /** Most tasks one task may wait for. */
    public static final int MAX_DEPENDENCIES = 10_000;

    public static final String DEFAULT_PROJECT = "default";

    public TaskSpec {
        Objects.requireNonNull(program, "program");
        project = project == null || project.isBlank() ? DEFAULT_PROJECT : project;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        dedup = dedup == null ? DedupMode.METADATA : dedup;
        environment = Environment.copyOf(environment);
        requires = requires == null ? List.of() : List.copyOf(requires);
        resources = resources == null ? Resources.DEFAULT : resources;
        retry = retry == null ? RetryPolicy.NONE : retry;
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** One task (no array), waiting for none. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup, Map<String, String> environment,
                    boolean hold, List<String> requires, boolean waitForAgent, Resources resources, RetryPolicy retry) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, environment, hold,
                requires, waitForAgent, resources, retry, null, List.of());
    }

    /** Not retried. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup, Map<String, String> environment,
                    boolean hold, List<String> requires, boolean waitForAgent, Resources resources) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, environment, hold,
                requires, waitForAgent, resources, RetryPolicy.NONE);
    }

    /** Asking for the default resources. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup, Map<String, String> environment,
                    boolean hold, List<String> requires, boolean waitForAgent) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, environment, hold,
                requires, waitForAgent, Resources.DEFAULT);
    }

    /** Without requirements. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup, Map<String, String> environment,
                    boolean hold) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, environment, hold,
                List.of(), false);
    }

    /** Without variables of its own, not held. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, Map.of(), false);
    }

    /** Not held. */
    public TaskSpec(String project, String projectId, ProgramSource program, List<String> arguments, String dataPath,
                    String email, Duration timeout, int priority, boolean force, DedupMode dedup, Map<String, String> environment) {
        this(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup, environment, false);
    }

    /** Sent over the network in the compact form, which writes no class description per call (see {@link CompactForm}). */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }

    public static Builder builder(ProgramSource program) {
        return new Builder(program);
    }

    /** Builds a spec step by step; everything but the program is optional. */
    public static final class Builder {
        private final ProgramSource program;
        private String project;
        private String projectId;
        private List<String> arguments = List.of();
        private String dataPath;
        private String email;
        private Duration timeout;
        private int priority;
        private boolean force;
        private DedupMode dedup = DedupMode.METADATA;
        private Map<String, String> environment = Map.of();
        private boolean hold;
        private List<String> requires = List.of();
        private boolean waitForAgent;
        private Resources resources = Resources.DEFAULT;
        private RetryPolicy retry = RetryPolicy.NONE;
        private TaskArray array;
        private List<Dependency> after = List.of();

        private Builder(ProgramSource program) {
            this.program = program;
        }

        public Builder project(String value) { this.project = value; return this; }
        public Builder projectId(String value) { this.projectId = value; return this; }
        public Builder arguments(List<String> value) { this.arguments = value; return this; }
        public Builder dataPath(String value) { this.dataPath = value; return this; }
        public Builder email(String value) { this.email = value; return this; }
        public Builder timeout(Duration value) { this.timeout = value; return this; }
        public Builder priority(int value) { this.priority = value; return this; }
        public Builder force(boolean value) { this.force = value; return this; }
        public Builder dedup(DedupMode value) { this.dedup = value; return this; }
        public Builder environment(Map<String, String> value) { this.environment = value; return this; }
        public Builder hold(boolean value) { this.hold = value; return this; }
        public Builder requires(List<String> value) { this.requires = value; return this; }
        public Builder waitForAgent(boolean value) { this.waitForAgent = value; return this; }
        public Builder resources(Resources value) { this.resources = value; return this; }
        public Builder retry(RetryPolicy value) { this.retry = value; return this; }
        public Builder array(TaskArray value) { this.array = value; return this; }
        public Builder after(List<Dependency> value) { this.after = value; return this; }

        public TaskSpec build() {
            return new TaskSpec(project, projectId, program, arguments, dataPath, email, timeout, priority, force, dedup,
                    environment, hold, requires, waitForAgent, resources, retry, array, after);
        }
    }
}
