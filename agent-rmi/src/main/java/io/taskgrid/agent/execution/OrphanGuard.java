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
 * memory), as {@code setpriv --pdeathsig KILL} did for each program, without an extra program start per task;
 * and when the agent's {@link Lease} ran out although the agent still lives (its JVM stopped, paused by a long
 * garbage collection or a frozen VM, or the controller out of reach): then the controller runs those tasks again
 * elsewhere, so they must not run on here.
 *
 * <p>One small {@code bash} process per agent, in a session of its own, reads "+PGID" when a task's group starts,
 * "-PGID" when it ended and "renew MILLIS" (the lease's time left) after every call the controller answered, from a
 * pipe only the agent holds. It waits for the next line with {@code read -t} at most until the lease's end (counted on
 * {@code /proc/uptime}, which no change of the wall clock moves); when that passes without a renewal it sends SIGKILL
 * to every group listed and forgets them. When the agent dies, the kernel closes the pipe; the guard sees the end of
 * its input, kills every group still listed, and exits. bash is on every Debian system (it is essential there); where
 * it cannot start, {@code awk} guards against the agent's death only, as before.
 *
 * <p>Before leases:
 * one small {@code awk} process per agent, in a session of its own, reads "+PGID" when a task's group starts
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
    /**
     * bash, run with this guard's mark ({@code TASKGRID_GUARD=<uuid>}) as {@code $1}: at the agent's death, or when the
     * lease (while one was granted) ran out, it kills every listed group and every process that carries the mark
     * (a program started but not listed yet). It counts in /proc/uptime's hundredths, truncated, so its deadline is
     * set 30 ms past the lease's: a program it kills then ends after the agent's own clock says the lease lapsed, and
     * is reported as stopped for the lease, never as its own outcome (LeaseStopIT saw "exit code 137" once).
     */
    static final String LEASE_SCRIPT = """
            mark=$1
            declare -A live
            deadline=
            uptime() { local up rest; read -r up rest </proc/uptime; now=$((10#${up/./})); }
            kill_all() {
              local g; for g in "${!live[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done; live=()
              grep -lzxF -e "$1" /proc/[0-9]*/environ 2>/dev/null | while IFS=/ read -r _ _ p _; do
                kill -KILL -- "-$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null
              done
            }
            while :; do
              if [[ -n $deadline ]]; then
                uptime
                left=$((deadline - now))
                if ((left <= 0)); then kill_all "$mark"; deadline=; continue; fi
                printf -v wait '%d.%02d' $((left / 100)) $((left % 100))
                IFS= read -r -t "$wait" line; rc=$?
              else
                IFS= read -r line; rc=$?
              fi
              if ((rc > 128)); then continue; fi
              if ((rc != 0)); then break; fi
              if [[ $line =~ ^[+]([0-9]+)$ ]]; then live[${BASH_REMATCH[1]}]=1
              elif [[ $line =~ ^-([0-9]+)$ ]]; then unset "live[${BASH_REMATCH[1]}]"
              elif [[ $line =~ ^renew\\ ([0-9]+)$ ]]; then uptime; deadline=$((now + BASH_REMATCH[1] / 10 + 3))
              fi
            done
            kill_all "$mark"
            """;
    /** awk, where bash cannot start: the agent's death only. Run with {@code -v mark=NAME=VALUE}. */
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

    /**
     * Starts the guard ({@code bash} from the PATH, else {@code awk} without the lease) in a session of its own, so a
     * terminal's signals miss it.
     */
    static OrphanGuard start(NativeSpawn spawn, Path folder, NativeSpawn.Environment environment) throws IOException {
        String mark = UUID.randomUUID().toString();
        String marked = MARK_VARIABLE + "=" + mark;
        NativeSpawn.Started started;
        try {
            started = spawn.start(List.of("bash", "-c", LEASE_SCRIPT, "taskgrid-guard", marked), folder, environment, true, false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("The orphan guard cannot start bash ({}); it uses awk, which does not end tasks when the agent's"
                    + " lease runs out while its JVM stands still.", e.getMessage());
            started = spawn.start(List.of("awk", "-v", "mark=" + marked, SCRIPT), folder, environment, true, false);
        }
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

    /** The lease was renewed: {@code millisLeft} from now, every listed group is killed unless renewed again. */
    void renew(long millisLeft) {
        send("renew " + Math.max(0, millisLeft) + "\n");
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
