package io.taskgrid.api.task;

import java.io.Serializable;

/**
 * Latest measured use of a task's process tree.
 *
 * @param cpuSeconds  CPU time of the whole process tree so far
 * @param memoryBytes resident memory of the process tree now
 * @param bytesRead   bytes of input read so far
 * @param peakMemoryBytes the most resident memory the process tree was measured at so far (0 when never measured)
 */
public record ResourceUsage(double cpuSeconds, long memoryBytes, long bytesRead, long peakMemoryBytes) implements Serializable {
    public static final ResourceUsage NONE = new ResourceUsage(0, 0, 0, 0);

    public ResourceUsage {
        peakMemoryBytes = Math.max(peakMemoryBytes, memoryBytes);
    }

    /** A measure without a peak of its own: the memory now is the most seen. */
    public ResourceUsage(double cpuSeconds, long memoryBytes, long bytesRead) {
        this(cpuSeconds, memoryBytes, bytesRead, memoryBytes);
    }
}
