package io.taskgrid.agent.execution;

import io.taskgrid.api.task.Resources;

import java.util.Optional;

/**
 * A task whose processes used more memory than it asked for ({@code submit --memory}): the decision, and the sentence
 * its FAILED outcome carries.
 *
 * @param requestedBytes what the task asked for
 * @param usedBytes      what its process tree was measured at when it was stopped (the limit itself when the kernel
 *                       stopped it)
 * @param peakBytes      the most it was measured at
 * @param byKernel       whether the kernel stopped it at its cgroup's limit, rather than the agent after a sample
 */
record MemoryBreach(long requestedBytes, long usedBytes, long peakBytes, boolean byKernel) {
    MemoryBreach {
        peakBytes = Math.max(peakBytes, usedBytes);
    }

    /** The agent's decision on one sample: a breach when a request was made and the tree uses more. */
    static Optional<MemoryBreach> ofSample(long requestedBytes, long usedBytes, long peakBytes) {
        if (requestedBytes <= 0 || usedBytes <= requestedBytes) {
            return Optional.empty();
        }
        return Optional.of(new MemoryBreach(requestedBytes, usedBytes, peakBytes, false));
    }

    /** The kernel stopped a process of the tree at the limit of the task's cgroup (its request). */
    static MemoryBreach byKernel(long requestedBytes, long peakBytes) {
        return new MemoryBreach(requestedBytes, requestedBytes, Math.max(peakBytes, requestedBytes), true);
    }

    /** One sentence naming the fix. */
    String message() {
        String asked = Resources.formatMemory(requestedBytes);
        String fix = "; submit it again with a larger --memory (its peak was " + Resources.formatMemory(peakBytes) + ").";
        if (byKernel) {
            return "Stopped: its processes needed more memory than the " + asked + " it asked for, and the kernel"
                    + " stopped them at that limit" + fix;
        }
        return "Stopped: its processes used " + Resources.formatMemory(usedBytes) + " of memory, more than the " + asked
                + " it asked for" + fix;
    }
}
