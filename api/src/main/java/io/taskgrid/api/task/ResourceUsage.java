package io.taskgrid.api.task;

import java.io.Serializable;

/**
 * Latest measured use of a task's process tree.
 *
 * @param cpuSeconds  CPU time of the whole process tree so far
 * @param memoryBytes resident memory of the process tree now
 * @param bytesRead   bytes of input read so far
 */
public record ResourceUsage(double cpuSeconds, long memoryBytes, long bytesRead) implements Serializable {
    public static final ResourceUsage NONE = new ResourceUsage(0, 0, 0);
}
