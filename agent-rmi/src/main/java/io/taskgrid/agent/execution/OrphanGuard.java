package io.taskgrid.agent.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Kills the process groups of running tasks when the agent dies without stopping them (kill -9, out of
 * memory), as {@code setpriv --pdeathsig KILL} did for each program, without an extra program start per task.
 *
 * <p>One small {@code awk} process per agent, in a session of its own, reads "+PGID" when a task's group starts
 * and "-PGID" when it ended from a pipe only the agent holds. When the agent dies, the kernel closes that pipe;
 * awk sees the end of its input and sends SIGKILL to every group still listed, then exits. While the agent
 * runs normally it never signals anything (the agent kills its own trees); when the agent closes the pipe
 * itself ({@link #close}), no task runs any more and the list is empty. Unlike {@code --pdeathsig}, which
 * reaches the program's own process only, this reaches every process of its group.
 *
 * <p>A program the agent started but had not listed yet when it was killed (posix_spawn returned, or was still
 * waiting for the child's exec, when SIGKILL came) is not in that list: under load that gap is milliseconds, and
 * issue 19 saw programs run on to their end next to their second attempt. So every program also carries the
 * guard's {@link #mark} in its environment, and at the end of its input the guard kills, besides the listed groups,
 * every process whose {@code /proc/PID/environ} holds that mark (and its group). The pipe closes only once no thread
 * of the agent is left, and a child of posix_spawn has dropped its copy of the pipe by its exec: at that moment every
 * program the agent started is there to be found. The mark is new for each guard, so agents on one host never
 * touch each other's programs. The lines on the pipe are unchanged.
 */
final class OrphanGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanGuard.class);
    /** The variable that marks a guard's programs; its value is new for each guard. */
    static final String MARK_VARIABLE = "TASKGRID_GUARD";
    /** Run with {@code -v mark=NAME=VALUE}. */
    static final String SCRIPT = "/^[+][0-9]+$/ { live[substr($0, 2)] = 1; next }\n"
            + "/^-[0-9]+$/ { delete live[substr($0, 2)]; next }\n"
            + "END { for (g in live) system(\"kill -KILL -\" g \" 2>/dev/null\")\n"
            + "  system(\"grep -lzxF -e '\" mark \"' /proc/[0-9]*/environ 2>/dev/null | while IFS=/ read -r _ _ p _;"
            + " do kill -KILL -$p 2>/dev/null; kill -KILL $p 2>/dev/null; done\") }\n";

    private final NativeSpawn spawn;
    private final NativeSpawn.Started guard;
    private final String mark;
    private final Object lock = new Object();
    private boolean broken;   // guarded by lock: a write failed, the guard is gone
    private boolean closed;   // guarded by lock

    private OrphanGuard(NativeSpawn spawn, NativeSpawn.Started guard, String mark) {
        this.spawn = spawn;
        this.guard = guard;
        this.mark = mark;
    }

    /** Starts the guard ({@code awk} from the PATH) in a session of its own, so a terminal's signals miss it. */
    static OrphanGuard start(NativeSpawn spawn, Path folder, NativeSpawn.Environment environment) throws IOException {
        String mark = UUID.randomUUID().toString();
        NativeSpawn.Started started = spawn.start(List.of("awk", "-v", "mark=" + MARK_VARIABLE + "=" + mark, SCRIPT), folder,
                environment, true, false);
        LOG.debug("Orphan guard started (pid {}).", started.pid());
        return new OrphanGuard(spawn, started, mark);
    }

    /** The variable every program started under this guard must carry ({@link #MARK_VARIABLE} and this guard's value). */
    Map<String, String> mark() {
        return Map.of(MARK_VARIABLE, mark);
    }

    long pid() {
        return guard.pid();
    }

    /** Whether it still guards (false after a failed write or close): start programs another way then. */
    boolean guarding() {
        synchronized (lock) {
            return !broken && !closed;
        }
    }

    /** The group {@code pgid} started; true when the guard took note. */
    boolean started(long pgid) {
        return send("+" + pgid + "\n");
    }

    /** The group {@code pgid} was killed and its leader ended. */
    void ended(long pgid) {
        send("-" + pgid + "\n");
    }

    private boolean send(String line) {
        synchronized (lock) {
            if (broken || closed) {
                return false;
            }
            try {
                // One write of a few bytes to a pipe: atomic, and far below the pipe's buffer.
                spawn.writeFully(guard.stdinFd(), line.getBytes(StandardCharsets.US_ASCII));
                return true;
            } catch (IOException e) {
                broken = true;
                LOG.warn("The orphan guard (awk, pid {}) is gone ({}); tasks started from now on get setpriv --pdeathsig"
                        + " again.", guard.pid(), e.getMessage());
                return false;
            }
        }
    }

    /** Closes the pipe: the guard exits (signalling only groups still listed) and is reaped. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            spawn.closeQuietly(guard.stdinFd());
        }
        if (!spawn.awaitExit(guard.pidfd(), 5_000)) {
            spawn.kill(guard.pidfd());
            spawn.awaitExit(guard.pidfd(), -1);
        }
        spawn.reap(guard.pid());
        spawn.closeQuietly(guard.pidfd());
    }
}
