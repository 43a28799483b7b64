package io.taskgrid.agent.execution;

import io.taskgrid.api.task.ResourceUsage;

import java.util.Optional;

/**
 * One task's memory: the most its tree was measured at (for every task), and for a task that asked for memory its
 * limit: the cgroup that holds it where there is one, and the decision whether it went over.
 */
final class TaskMemory {
    private final long requestedBytes;
    private final MemoryCgroups cgroups;
    private final Object lock = new Object();
    private long peakBytes;              // guarded by lock
    private TaskCgroup cgroup;           // guarded by lock: while the program runs in it
    private MemoryBreach breach;         // guarded by lock: the first one found

    TaskMemory(long requestedBytes, MemoryCgroups cgroups) {
        this.requestedBytes = requestedBytes;
        this.cgroups = cgroups;
    }

    boolean limited() {
        return requestedBytes > 0;
    }

    /** A sample of the tree with the peak so far (this sample included). */
    ResourceUsage observe(ResourceUsage sample) {
        synchronized (lock) {
            peakBytes = Math.max(peakBytes, Math.max(sample.memoryBytes(), sample.peakMemoryBytes()));
            return new ResourceUsage(sample.cpuSeconds(), sample.memoryBytes(), sample.bytesRead(), peakBytes);
        }
    }

    /** {@code usage} with the peak so far, for the outcome. */
    ResourceUsage withPeak(ResourceUsage usage) {
        synchronized (lock) {
            return new ResourceUsage(usage.cpuSeconds(), usage.memoryBytes(), usage.bytesRead(),
                    Math.max(peakBytes, usage.peakMemoryBytes()));
        }
    }

    /** The cgroup for the program about to start, when the task asked for memory and the host allows one; else null. */
    TaskCgroup openCgroup(String name) {
        if (!limited()) {
            return null;
        }
        TaskCgroup made = cgroups.create(name, requestedBytes).orElse(null);
        synchronized (lock) {
            cgroup = made;
        }
        return made;
    }

    /**
     * Decides on a fresh sample of the running program's tree ({@code usedBytes}, the sum of its processes' resident
     * memory): a breach when the kernel stopped a process at the cgroup's limit, or, without a cgroup, when the tree
     * uses more than the request. A cgroup counts a page its processes share once, the sum once per process: with a
     * cgroup, only the kernel's verdict counts. The first breach found is kept.
     */
    Optional<MemoryBreach> check(long usedBytes) {
        if (!limited()) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (breach != null) {
                return Optional.of(breach);
            }
            Optional<MemoryBreach> found;
            if (cgroup != null) {
                found = cgroup.oomKills() > 0 ? Optional.of(kernelBreach()) : Optional.empty();
            } else {
                found = MemoryBreach.ofSample(requestedBytes, usedBytes, peakBytes);
            }
            found.ifPresent(b -> breach = b);
            return found;
        }
    }

    /**
     * After the program ended (and before its cgroup is closed): the breach found while it ran, or the kernel's when it
     * killed a process of the tree and the program failed.
     */
    Optional<MemoryBreach> verdict(int exitCode) {
        synchronized (lock) {
            if (breach == null && cgroup != null && exitCode != 0 && cgroup.oomKills() > 0) {
                breach = kernelBreach();
            }
            return Optional.ofNullable(breach);
        }
    }

    /** The program's cgroup is closed. */
    void closed() {
        synchronized (lock) {
            cgroup = null;
        }
    }

    private MemoryBreach kernelBreach() { // holds lock
        peakBytes = Math.max(peakBytes, cgroup.maxUsageBytes());
        return MemoryBreach.byKernel(requestedBytes, peakBytes);
    }
}
