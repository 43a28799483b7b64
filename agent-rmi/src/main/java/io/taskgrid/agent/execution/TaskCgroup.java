package io.taskgrid.agent.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's memory cgroup (v1): limited to its request; the program joins it before it execs, so that no child it
 * forks is ever outside. Closing it removes it once its processes are gone.
 */
final class TaskCgroup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCgroup.class);
    private static final long EMPTY_WAIT_MILLIS = 2_000;
    /** The shell writes its own pid into the cgroup, then becomes the program (same pid, no fork). */
    private static final String JOIN_THEN_EXEC = "echo $$ > \"$1/cgroup.procs\" || exit 125; shift; exec \"$@\"";

    private final Path dir;

    TaskCgroup(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Limits the memory, and memory plus swap where the kernel counts swap: a task cannot swap its way past it. */
    void limit(long bytes) throws IOException {
        Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
            try {
                Files.writeString(memsw, Long.toString(bytes));
            } catch (IOException e) {
                LOG.debug("Swap is not limited in {}: {}", dir, e.toString());
            }
        }
    }

    /** {@code command} (with whatever wraps it, such as the switch to the run-as account) started inside this cgroup. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_THEN_EXEC, "taskgrid-memory", dir.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** How many processes the kernel killed in it for want of memory (0 where the kernel does not say). */
    long oomKills() {
        return field(read("memory.oom_control"), "oom_kill");
    }

    /** The most memory the cgroup was charged (its page cache included). */
    long maxUsageBytes() {
        try {
            return Long.parseLong(read("memory.max_usage_in_bytes").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Removes it once the processes of the killed tree have left (they exit in a moment); logged when they do not. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + EMPTY_WAIT_MILLIS * 1_000_000L;
        while (!read("cgroup.procs").isBlank() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // polling the kernel's list: there is no event for an emptied v1 cgroup
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!removeIfEmpty(dir)) {
            LOG.warn("The memory cgroup {} still holds processes {} ms after its task ended; it is removed at the agent's"
                    + " next start.", dir, EMPTY_WAIT_MILLIS);
        }
    }

    /** Removes a task's cgroup folder if no process is in it; true when it is gone. */
    static boolean removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir); // rmdir: the kernel refuses while a process is in it
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | SecurityException e) {
            return !Files.exists(dir);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    static long field(String text, String key) {
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                try {
                    return Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
