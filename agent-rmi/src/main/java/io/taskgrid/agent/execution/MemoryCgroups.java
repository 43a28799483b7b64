package io.taskgrid.agent.execution;

/** Memory cgroups for tasks (stub: none yet). */
final class MemoryCgroups {
    static MemoryCgroups none() {
        return new MemoryCgroups();
    }

    static MemoryCgroups detect(String agentId) {
        return new MemoryCgroups();
    }

    boolean usable() {
        return false;
    }
}
