package io.taskgrid.agent.execution;

import io.taskgrid.policy.SharedRoot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the task runner needs to know about its agent.
 *
 * @param agentId        the agent's id, written in each execution log
 * @param host           the agent's host name
 * @param slots          tasks run at once
 * @param sharedRoot     the shared folder (programs, data, results)
 * @param tasksDir       the folder under which each task gets its work folder
 * @param maxOutputBytes bytes of stdout (and of stderr) kept on disk per task
 * @param setsid         the {@code setsid} command, to give each task its own process group, if present
 * @param kill           the {@code kill} command, to kill a whole process group, if present
 * @param setpriv        the {@code setpriv} command (util-linux), to have the kernel kill a task's program when
 *                       the agent dies without a chance to stop it (kill -9, out of memory), if present
 * @param agentEnvironment the agent's own environment ({@code System.getenv()}), of which a task gets only the few
 *                       variables {@link TaskEnvironment} names
 * @param runAs          the account programs run as, if not the agent's
 */
public record ExecutionSettings(String agentId, String host, int slots, SharedRoot sharedRoot, Path tasksDir,
                                long maxOutputBytes, Optional<Path> setsid, Optional<Path> kill,
                                Optional<Path> setpriv, Map<String, String> agentEnvironment, Optional<RunAs> runAs) {
    public ExecutionSettings {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sharedRoot, "sharedRoot");
        Objects.requireNonNull(tasksDir, "tasksDir");
        if (slots < 1) {
            throw new IllegalArgumentException("An agent needs at least 1 slot, not " + slots + ".");
        }
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("The output cap cannot be negative (" + maxOutputBytes + ").");
        }
        setsid = setsid == null ? Optional.empty() : setsid;
        kill = kill == null ? Optional.empty() : kill;
        setpriv = setpriv == null ? Optional.empty() : setpriv;
        agentEnvironment = agentEnvironment == null ? Map.of() : Map.copyOf(agentEnvironment);
        runAs = runAs == null ? Optional.empty() : runAs;
    }

    /** Programs run as the agent's own account, with the few variables of the agent's environment a task gets. */
    public ExecutionSettings(String agentId, String host, int slots, SharedRoot sharedRoot, Path tasksDir,
                             long maxOutputBytes, Optional<Path> setsid, Optional<Path> kill, Optional<Path> setpriv) {
        this(agentId, host, slots, sharedRoot, tasksDir, maxOutputBytes, setsid, kill, setpriv, System.getenv(),
                Optional.empty());
    }

    /** The same settings with {@code environment} as the agent's environment. */
    public ExecutionSettings withAgentEnvironment(Map<String, String> environment) {
        return new ExecutionSettings(agentId, host, slots, sharedRoot, tasksDir, maxOutputBytes, setsid, kill, setpriv,
                environment, runAs);
    }

    /** The same settings with programs run as {@code account}. */
    public ExecutionSettings withRunAs(Optional<RunAs> account) {
        return new ExecutionSettings(agentId, host, slots, sharedRoot, tasksDir, maxOutputBytes, setsid, kill, setpriv,
                agentEnvironment, account);
    }
}
