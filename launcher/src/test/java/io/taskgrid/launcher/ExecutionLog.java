package io.taskgrid.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the chaos tasks really did: each run of {@link #PROGRAM} appends "start TASK ATTEMPT HOST PID EPOCH_MS" when it
 * begins and "end TASK ATTEMPT HOST PID EPOCH_MS" when it ran to its end, to {@link #LOG} on the shared folder. A run
 * killed on its way has a start line only.
 */
final class ExecutionLog {
    static final String PROGRAM = "chaos-task.sh";
    static final String LOG = "chaos-executions.log";

    /** One run of a task's program; {@code endMillis} is empty when it never reached its end. */
    record Execution(long taskId, int attempt, String host, long pid, long startMillis, OptionalLong endMillis) {
        boolean ranToItsEnd() {
            return endMillis.isPresent();
        }

        @Override
        public String toString() {
            return "task " + taskId + " attempt " + attempt + " (pid " + pid + " on " + host + ", " + startMillis + "–"
                    + (endMillis.isPresent() ? Long.toString(endMillis.getAsLong()) : "no end") + ")";
        }
    }

    private final Path log;

    private ExecutionLog(Path log) {
        this.log = log;
    }

    /**
     * Writes the task program into {@code shared}; it sleeps for its first argument's seconds between the two lines, and
     * prints as many bytes to stdout as its second argument says (none without it).
     */
    static ExecutionLog install(Path shared) throws IOException {
        return install(shared, "$TASKGRID_SHARED/" + LOG, shared.resolve(LOG));
    }

    /** Like {@link #install(Path)}, with the log in {@code log} instead: for a shared folder that is filled up on purpose. */
    static ExecutionLog install(Path shared, Path log) throws IOException {
        return install(shared, log.toAbsolutePath().toString(), log);
    }

    private static ExecutionLog install(Path shared, String logInProgram, Path log) throws IOException {
        Files.writeString(shared.resolve(PROGRAM), String.join("\n",
                "#!/bin/sh",
                "line() { echo \"$1 $TASKGRID_TASK_ID ${TASKGRID_ATTEMPT:-0} $(uname -n) $$ $(date +%s%3N)\" >> \"" + logInProgram + "\"; }",
                "line start",
                "sleep \"${1:-1}\"",
                "if [ -n \"$2\" ]; then head -c \"$2\" /dev/zero | tr '\\0' x || exit 3; fi",
                "line end", ""));
        return new ExecutionLog(log);
    }

    /** Every run so far, in the order they started. */
    List<Execution> executions() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<String, Long> ends = new HashMap<>();
        List<String[]> starts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (f.length != 6) {
                continue; // a line cut short by a kill
            }
            if (f[0].equals("start")) {
                starts.add(f);
            } else if (f[0].equals("end")) {
                ends.put(key(f), Long.parseLong(f[5]));
            }
        }
        List<Execution> all = new ArrayList<>();
        for (String[] f : starts) {
            Long end = ends.get(key(f));
            all.add(new Execution(Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3], Long.parseLong(f[4]), Long.parseLong(f[5]),
                    end == null ? OptionalLong.empty() : OptionalLong.of(end)));
        }
        all.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return all;
    }

    private static String key(String[] f) {
        return f[1] + " " + f[2] + " " + f[3] + " " + f[4];
    }

    long started() throws IOException {
        return executions().size();
    }

    /** Waits until {@code count} runs have started; false when the time is up. */
    boolean awaitStarted(long count, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (started() >= count) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** After a kill: when each program of a run without an end was seen gone (epoch ms, by pid), and those that were not. */
    record AfterKill(Map<Long, Long> goneAt, List<Execution> survivors) {
    }

    /**
     * Waits up to {@code within} for the programs of the runs that have started and not ended to be gone; those still
     * running when the time is up survived. Runs that start meanwhile (elsewhere) are not looked at.
     */
    AfterKill awaitUnendedGone(Duration within) throws IOException, InterruptedException {
        Map<Long, Long> goneAt = new HashMap<>();
        List<Execution> before = executions();
        long deadline = System.nanoTime() + within.toNanos();
        do {
            boolean allGone = true;
            for (Execution e : executions().stream().filter(x -> before.stream().anyMatch(b -> b.pid() == x.pid())).toList()) {
                if (!e.ranToItsEnd() && !goneAt.containsKey(e.pid())) {
                    if (running(e.pid())) {
                        allGone = false;
                    } else {
                        goneAt.put(e.pid(), System.currentTimeMillis());
                    }
                }
            }
            if (allGone) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        List<Execution> survivors = executions().stream()
                .filter(e -> !e.ranToItsEnd() && !goneAt.containsKey(e.pid()) && before.stream().anyMatch(b -> b.pid() == e.pid()))
                .toList();
        return new AfterKill(goneAt, survivors);
    }

    /**
     * Watches, from now on, every run's program until it ran to its end or is gone: for a scenario where programs are
     * killed behind the test's back (an agent's lease lapsed). A run that never ended lasted until the last moment its
     * program was seen running ({@link ProgramWatch#goneAt()}), so an overlap is never one of the 20 ms between looks.
     */
    ProgramWatch watchPrograms() {
        return new ProgramWatch(this);
    }

    /** See {@link #watchPrograms()}; {@link #close()} stops the watching thread. */
    static final class ProgramWatch implements AutoCloseable {
        private final Map<Long, Long> lastSeenRunning = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> goneAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean stopped;

        private ProgramWatch(ExecutionLog log) {
            thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        for (Execution e : log.executions()) {
                            if (!e.ranToItsEnd() && !goneAt.containsKey(e.pid())) {
                                long now = System.currentTimeMillis();
                                if (running(e.pid())) {
                                    lastSeenRunning.put(e.pid(), now);
                                } else {
                                    goneAt.put(e.pid(), lastSeenRunning.getOrDefault(e.pid(), e.startMillis()));
                                }
                            }
                        }
                        Thread.sleep(20);
                    } catch (IOException e) {
                        // the log is being written; look again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "chaos-program-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /** Per pid of a run without an end whose program is gone: the last time it was seen running (epoch ms). */
        Map<Long, Long> goneAt() {
            return Map.copyOf(goneAt);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Whether a process runs (a zombie, killed but not reaped by an init that does not reap, does not). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
