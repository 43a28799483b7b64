package io.taskgrid.agent.execution;

import io.taskgrid.api.task.ResourceUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kills and measures the whole tree of processes a task started. A task started through {@code setsid}
 * leads its own process group, so SIGKILL to the group reaches even children whose parent already exited
 * (sent by {@code kill(2)} through JNA, or by the {@code kill} command where JNA is not available); a sweep
 * over {@link ProcessHandle#descendants()} reaches those that left the group while their parent runs.
 */
final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path PROC = Path.of("/proc");
    private static final double CLOCK_TICKS = 100.0;

    private final Optional<GroupSignals> signals;
    private final Optional<Path> kill;

    /**
     * @param signals kill(2) through JNA, preferred
     * @param kill    the kill command, used when {@code signals} is empty
     */
    ProcessTree(Optional<GroupSignals> signals, Optional<Path> kill) {
        this.signals = signals;
        this.kill = kill;
    }

    /**
     * Kills the process, its group (when it leads one) and every descendant; returns once the signals are
     * sent. Harmless when everything already ended.
     */
    void killAll(Process process, boolean groupLeader) {
        // descendants() walks all of /proc. Once the program itself ended, its children were re-parented
        // (to init or a subreaper) and the walk cannot find them any more: only the group signal reaches them.
        List<ProcessHandle> descendants = process.isAlive() ? process.descendants().toList() : List.of();
        if (groupLeader) {
            killGroup(process.pid());
        }
        // Through the handle: Process.destroyForcibly() also closes our ends of the pipes, and an output pump
        // still draining the last bytes of a program that just ended would lose them ("Stream closed").
        process.toHandle().destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void killGroup(long pgid) {
        if (signals.isPresent()) {
            try {
                signals.get().killGroup(pgid);
                return;
            } catch (RuntimeException e) {
                LOG.warn("kill(-{}, SIGKILL) failed ({}); trying the kill command.", pgid, e.getMessage());
            }
        }
        if (kill.isEmpty()) {
            return;
        }
        try {
            Process killer = new ProcessBuilder(kill.get().toString(), "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!killer.waitFor(5, TimeUnit.SECONDS)) {
                killer.destroyForcibly();
                LOG.warn("kill -KILL -- -{} did not return within 5 s; falling back to killing known descendants.", pgid);
            }
        } catch (IOException e) {
            LOG.warn("Could not run {} to stop process group {} ({}); falling back to killing known descendants.",
                    kill.get(), pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU seconds, resident memory and bytes read of the process and its descendants (Linux; zeros elsewhere). */
    static ResourceUsage usage(ProcessHandle root) {
        if (!Files.isDirectory(PROC) || !root.isAlive()) {
            return ResourceUsage.NONE;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(h -> pids.add(h.pid()));
        double cpu = 0;
        long rss = 0;
        long read = 0;
        for (long pid : pids) {
            Path dir = PROC.resolve(Long.toString(pid));
            cpu += cpuSeconds(dir);
            rss += statusValue(dir.resolve("status"), "VmRSS:") * 1024;
            read += statusValue(dir.resolve("io"), "rchar:");
        }
        return new ResourceUsage(cpu, rss, read);
    }

    private static double cpuSeconds(Path dir) {
        String stat = readSmall(dir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length < 13) {
            return 0;
        }
        try {
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long statusValue(Path file, String key) {
        for (String line : readSmall(file).split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String readSmall(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return ""; // the process ended meanwhile, or /proc/<pid>/io is not readable: count nothing
        }
    }
}
