package io.taskgrid.agent.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Memory limits in the kernel: a cgroup (v1 memory controller) per task that asked for memory, limited to its
 * request, under a folder of this agent's inside the agent's own memory cgroup ({@code /proc/self/cgroup}). The kernel
 * then stops the task's tree the moment it needs more, with no sampling gap; children forked at any time are in it,
 * since the program joins it before it execs ({@link TaskCgroup#wrap}).
 *
 * <p>Usable where the agent may create such folders: as root on a host with a v1 memory hierarchy (the hybrid layout
 * of these machines). Elsewhere ({@link #none()}: not root, cgroup v2 only, another OS) the agent's per-second
 * sampling of the process tree is the limit alone (see docs/decisions/0011-memory-limits-cgroup-where-allowed-else-sampling.md).
 */
final class MemoryCgroups {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCgroups.class);
    private static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");

    private final Optional<Path> agentFolder;

    private MemoryCgroups(Optional<Path> agentFolder) {
        this.agentFolder = agentFolder;
    }

    /** No cgroups: sampling alone. */
    static MemoryCgroups none() {
        return new MemoryCgroups(Optional.empty());
    }

    /**
     * The agent's folder in the v1 memory hierarchy, made now and emptied of task cgroups a previous run left; none
     * (logged once, in words) where that is not possible.
     */
    static MemoryCgroups detect(String agentId) {
        Optional<Path> own = ownV1MemoryCgroup(Path.of("/proc/self/cgroup"), V1_MEMORY);
        if (own.isEmpty()) {
            LOG.info("Memory requests are enforced by sampling each task's processes once a second: this host has no"
                    + " cgroup v1 memory hierarchy at {}.", V1_MEMORY);
            return none();
        }
        Path folder = own.get().resolve("taskgrid-" + agentId.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder.resolve("cgroup.procs"))) {
                throw new IOException("cgroup.procs is not writable");
            }
            sweep(folder);
        } catch (IOException | SecurityException e) {
            LOG.info("Memory requests are enforced by sampling each task's processes once a second: the agent cannot"
                    + " make memory cgroups under {} ({}; it needs to run as root).", own.get(), e.getMessage());
            return none();
        }
        LOG.info("Memory requests are enforced by the kernel: each task that asks for memory runs in a cgroup of its own"
                + " under {}.", folder);
        return new MemoryCgroups(Optional.of(folder));
    }

    /** The v1 memory cgroup this process is in, as a folder, if the hierarchy is mounted there. */
    static Optional<Path> ownV1MemoryCgroup(Path procSelfCgroup, Path mount) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] parts = line.split(":", 3); // "4:memory:/some/path"
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                Path folder = mount.resolve(parts[2].replaceFirst("^/+", ""));
                return Files.isRegularFile(folder.resolve("memory.limit_in_bytes")) ? Optional.of(folder) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether tasks get a cgroup. */
    boolean usable() {
        return agentFolder.isPresent();
    }

    /** In words, for the agent's start-up lines. */
    String describe() {
        return agentFolder.map(f -> "by the kernel (a memory cgroup per task under " + f + ")")
                .orElse("by sampling each task's processes once a second");
    }

    /**
     * A cgroup limited to {@code limitBytes} for one task; empty (logged) when none can be made: the sampling holds
     * the task then.
     */
    Optional<TaskCgroup> create(String name, long limitBytes) {
        if (agentFolder.isEmpty()) {
            return Optional.empty();
        }
        Path dir = agentFolder.get().resolve(name);
        try {
            TaskCgroup.removeIfEmpty(dir);
            Files.createDirectory(dir);
            TaskCgroup cgroup = new TaskCgroup(dir);
            cgroup.limit(limitBytes);
            return Optional.of(cgroup);
        } catch (IOException | SecurityException e) {
            LOG.warn("The memory cgroup {} could not be made ({}); the task's memory is held by sampling.", dir, e.toString());
            TaskCgroup.removeIfEmpty(dir);
            return Optional.empty();
        }
    }

    /** Removes the agent's folder once its tasks' cgroups are gone (at the agent's stop). Idempotent. */
    void close() {
        agentFolder.ifPresent(folder -> {
            try {
                sweep(folder);
            } catch (IOException e) {
                LOG.debug("The memory cgroups under {} could not be listed: {}", folder, e.toString());
            }
            TaskCgroup.removeIfEmpty(folder);
        });
    }

    private static void sweep(Path folder) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path dir : dirs) {
                TaskCgroup.removeIfEmpty(dir);
            }
        }
    }
}
