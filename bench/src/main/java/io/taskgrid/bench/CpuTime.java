package io.taskgrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, read from {@code /proc/PID/stat}: its own (user + system) and that of its children it
 * has reaped (an agent's programs). On this shared VM the CPU a task costs moves far less from run to run than the
 * rates do, so the end-to-end scenario reports it beside them.
 *
 * @param ownMs      user + system time of the process itself, ms
 * @param childrenMs user + system time of its reaped children, ms
 */
record CpuTime(double ownMs, double childrenMs) {
    /** Linux's USER_HZ: /proc counts in these ticks on every architecture the JDK supports. */
    private static final double MS_PER_TICK = 10.0;

    static final CpuTime ZERO = new CpuTime(0, 0);

    /** The process's CPU so far, or {@link #ZERO} where /proc cannot be read (not Linux, process gone). */
    static CpuTime of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields that follow start after its closing ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): utime, stime, cutime, cstime are fields 14–17.
            double own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            double children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new CpuTime(own * MS_PER_TICK, children * MS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return ZERO;
        }
    }

    /** This JVM's CPU so far. */
    static CpuTime self() {
        return of(ProcessHandle.current().pid());
    }

    CpuTime plus(CpuTime other) {
        return new CpuTime(ownMs + other.ownMs, childrenMs + other.childrenMs);
    }

    CpuTime minus(CpuTime other) {
        return new CpuTime(ownMs - other.ownMs, childrenMs - other.childrenMs);
    }
}
