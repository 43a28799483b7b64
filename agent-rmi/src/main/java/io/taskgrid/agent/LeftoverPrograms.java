package io.taskgrid.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs that an earlier run of this agent started and that still run in its task folders: after a kill -9 the
 * orphan guard ends them, but under load that can take longer than this agent needs to start and join again, and the
 * controller runs their tasks again as soon as it joins without them (Chaos2IT saw a program of the killed agent
 * overlap its task's next attempt by seconds). So an agent waits for them to be gone before it joins, and ends the
 * ones still there after a while itself. Found by their working folder, which is under this agent's own task folder.
 */
final class LeftoverPrograms {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPrograms.class);

    private LeftoverPrograms() {
    }

    /** Returns once no process works under {@code tasksDir}: waited up to {@code patience}, then killed. */
    static void endAllUnder(Path tasksDir, Duration patience) {
        Path root = tasksDir.toAbsolutePath().normalize();
        List<ProcessHandle> left = under(root);
        if (left.isEmpty()) {
            return;
        }
        LOG.info("{} programs of this agent's earlier run still run in {}; waiting up to {} s for them to end before"
                + " joining.", left.size(), root, patience.toSeconds());
        long deadline = System.nanoTime() + patience.toNanos();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(50); // the orphan guard ends them; nothing tells this process when
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = under(root);
        }
        for (ProcessHandle p : left) {
            LOG.warn("Killing program {} ({}) of this agent's earlier run: it outlived its agent.", p.pid(),
                    p.info().command().orElse("?"));
            p.destroyForcibly();
        }
    }

    private static List<ProcessHandle> under(Path root) {
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> worksUnder(p.pid(), root)).toList();
    }

    private static boolean worksUnder(long pid, Path root) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).normalize().startsWith(root);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // gone, or another user's: not one of ours
        }
    }
}
