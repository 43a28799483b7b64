package io.taskgrid.api.agent;

import io.taskgrid.api.task.Environment;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Resources;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The task descriptor the controller hands to an agent. It carries paths, never data: the agent reads
 * program and data from the shared root itself.
 *
 * @param taskId    task id
 * @param attempt   attempt number, 1 for the first
 * @param token     this attempt's token, issued by the controller for this dispatch only: the agent names it in every
 *                  report of the attempt, and acts on a cancel or withdrawal only when it names the same token
 * @param project   project name (the result goes to {@code results/<project>/<taskId>/})
 * @param projectId id within the project
 * @param program   the program
 * @param language  its language, as the controller detected it
 * @param arguments program arguments
 * @param dataPath  data relative to the shared root, or {@code null}
 * @param timeout   wall-clock limit; {@code null} for none
 * @param environment the submitter's variables for the program (validated by the controller)
 * @param resources the CPUs and memory the task asked for: the agent holds that many of its CPUs while it runs, and
 *                  stops it when it uses more memory than it asked for
 * @param arrayId   the array it is a member of ({@code TASKGRID_ARRAY_ID}), or {@code null}
 * @param arrayIndex its index there ({@code TASKGRID_ARRAY_INDEX}), or {@code null}
 */
public record TaskAssignment(long taskId, int attempt, long token, String project, String projectId, ProgramSource program,
                             Language language, List<String> arguments, String dataPath, Duration timeout,
                             Map<String, String> environment, Resources resources, Long arrayId, Integer arrayIndex)
        implements Serializable {
    public TaskAssignment {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(language, "language");
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        environment = Environment.copyOf(environment);
        resources = resources == null ? Resources.DEFAULT : resources;
        if ((arrayId == null) != (arrayIndex == null)) {
            throw new IllegalArgumentException("A member of an array has both an array id and an index, not one of them");
        }
    }

    /** Not a member of an array. */
    public TaskAssignment(long taskId, int attempt, long token, String project, String projectId, ProgramSource program,
                          Language language, List<String> arguments, String dataPath, Duration timeout,
                          Map<String, String> environment, Resources resources) {
        this(taskId, attempt, token, project, projectId, program, language, arguments, dataPath, timeout, environment,
                resources, null, null);
    }

    /** Asking for the default resources. */
    public TaskAssignment(long taskId, int attempt, long token, String project, String projectId, ProgramSource program,
                          Language language, List<String> arguments, String dataPath, Duration timeout,
                          Map<String, String> environment) {
        this(taskId, attempt, token, project, projectId, program, language, arguments, dataPath, timeout, environment,
                Resources.DEFAULT);
    }

    /** Without variables of the submitter's. */
    public TaskAssignment(long taskId, int attempt, long token, String project, String projectId, ProgramSource program,
                          Language language, List<String> arguments, String dataPath, Duration timeout) {
        this(taskId, attempt, token, project, projectId, program, language, arguments, dataPath, timeout, Map.of());
    }

    /** Sent over the network in the compact form, which writes no class description per call (see {@link CompactForm}). */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }
}
