package io.taskgrid.agent.execution;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * {@code kill(2)} on a whole process group, called directly through JNA: one system call where spawning
 * {@code kill -KILL -- -PGID} cost a process start per task.
 */
final class GroupSignals {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSignals.class);
    private static final int SIGKILL = 9;
    private static final int ESRCH = 3;

    /** The C library's kill. */
    interface CLib extends Library {
        int kill(int pid, int signal) throws LastErrorException;
    }

    private final CLib libc;

    private GroupSignals(CLib libc) {
        this.libc = libc;
    }

    /** The C library's kill, or empty off Linux/macOS or when JNA cannot load it (the caller falls back). */
    static Optional<GroupSignals> load() {
        if (Platform.isWindows()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GroupSignals(Native.load(Platform.C_LIBRARY_NAME, CLib.class)));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("Process groups will be stopped through the kill command: JNA could not load the C library ({}).",
                    e.toString());
            return Optional.empty();
        }
    }

    /**
     * Sends SIGKILL to every process of group {@code pgid}.
     *
     * @return true when the signal went out; false when the group has no member left (nothing to do)
     * @throws LastErrorException for any other failure (EPERM: a member belongs to another user)
     */
    boolean killGroup(long pgid) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Not a process group of a task: " + pgid);
        }
        try {
            libc.kill((int) -pgid, SIGKILL);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw e;
        }
    }
}
