package io.taskgrid.agent.execution;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts a program with one {@code posix_spawn} (glibc, through JNA) where {@link ProcessBuilder} needed
 * {@code setsid} and {@code setpriv} in front of it: three program starts per task became one. The program
 * gets a session and process group of its own ({@code POSIX_SPAWN_SETSID}), stdin from /dev/null, stdout and
 * stderr into pipes read by the agent (or /dev/null), an empty signal mask, the given folder, and no other
 * descriptor of the agent. Its end is watched through a pidfd, so that waiting with a time limit needs no
 * thread and signals cannot reach a reused pid.
 *
 * <p>Linux only (glibc ≥ 2.34 for {@code posix_spawn_file_actions_addclosefrom_np}, kernel ≥ 5.3 for pidfds);
 * {@link #load()} is empty elsewhere, and the caller starts programs through {@link ProcessBuilder}.
 */
final class NativeSpawn {
    private static final Logger LOG = LoggerFactory.getLogger(NativeSpawn.class);
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    static final int SIGKILL = 9;
    private static final int EINTR = 4;
    private static final int ESRCH = 3;
    private static final int ENOEXEC = 8;
    private static final short POLLIN = 1;
    /** Room for glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336 bytes), with margin. */
    private static final int OPAQUE_BYTES = 1024;
    private static final int SIGSET_BYTES = 128;
    private static final String DEV_NULL = "/dev/null";
    /** {@code -Dtaskgrid.agent.processBuilder=true}: start programs the portable way (setsid, setpriv) even on Linux. */
    static final String USE_PROCESS_BUILDER = "taskgrid.agent.processBuilder";

    /** The C library calls this needs. */
    interface CLib extends Library {
        int posix_spawnp(IntByReference pid, String file, Pointer actions, Pointer attributes, String[] argv, Pointer envp);

        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

        int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

        int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        int posix_spawnattr_init(Pointer attributes);

        int posix_spawnattr_destroy(Pointer attributes);

        int posix_spawnattr_setflags(Pointer attributes, short flags);

        int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

        int sigemptyset(Pointer set);

        int pipe2(int[] fds, int flags) throws LastErrorException;

        int close(int fd);

        long read(int fd, byte[] buffer, long count) throws LastErrorException;

        long write(int fd, byte[] buffer, long count) throws LastErrorException;

        int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

        int waitpid(int pid, int[] status, int options) throws LastErrorException;

        long syscall(long number, Object... args) throws LastErrorException;
    }

    /** What was started: its pid, a pidfd, and our ends of its pipes (-1 where it has none). */
    record Started(int pid, int pidfd, int stdinFd, int stdoutFd, int stderrFd) {
    }

    private final CLib libc;

    NativeSpawn(CLib libc) {
        this.libc = libc;
    }

    /** The native way, or empty (not Linux, or JNA cannot load what it needs): start with ProcessBuilder then. */
    static Optional<NativeSpawn> load() {
        if (!Platform.isLinux()) {
            return Optional.empty();
        }
        if (Boolean.getBoolean(USE_PROCESS_BUILDER)) {
            LOG.info("Programs will be started through ProcessBuilder with setsid and setpriv (-D{}=true).",
                    USE_PROCESS_BUILDER);
            return Optional.empty();
        }
        try {
            NativeSpawn spawn = new NativeSpawn(Native.load(Platform.C_LIBRARY_NAME, CLib.class));
            spawn.probe();
            return Optional.of(spawn);
        } catch (UnsatisfiedLinkError | RuntimeException | IOException e) {
            LOG.info("Programs will be started through ProcessBuilder with setsid and setpriv: posix_spawn with a pidfd"
                    + " is not usable here ({}).", e.toString());
            return Optional.empty();
        }
    }

    /** Fails when a function or the pidfd system calls are missing (old glibc or kernel). */
    private void probe() throws IOException {
        NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        for (String function : List.of("posix_spawnp", "posix_spawn_file_actions_addclosefrom_np",
                "posix_spawn_file_actions_addchdir_np", "pipe2")) {
            c.getFunction(function); // UnsatisfiedLinkError when glibc is older than 2.34
        }
        int self = (int) ProcessHandle.current().pid();
        int pidfd = pidfdOpen(self);
        libc.close(pidfd);
    }

    /**
     * An environment ("NAME=value" entries) converted to native memory once: converting some 40 variables for every
     * task cost more JNA allocations than the rest of the spawn. Freed when no longer referenced.
     */
    static final class Environment {
        private final StringArray entries;

        Environment(String[] entries) {
            this.entries = new StringArray(entries);
        }
    }

    /**
     * Starts {@code command} in {@code folder} with {@code environment} ("NAME=value" entries) in a session of its
     * own.
     *
     * @param pipeIn   give it a pipe as stdin (our end returned) instead of /dev/null
     * @param pipeOuts give it pipes as stdout and stderr (our ends returned) instead of /dev/null
     */
    Started start(List<String> command, Path folder, Environment environment, boolean pipeIn, boolean pipeOuts)
            throws IOException {
        int[] in = null;
        int[] out = null;
        int[] err = null;
        Memory actions = new Memory(OPAQUE_BYTES);
        Memory attributes = new Memory(OPAQUE_BYTES);
        Memory mask = new Memory(SIGSET_BYTES);
        boolean started = false;
        try {
            in = pipeIn ? pipe() : null;
            out = pipeOuts ? pipe() : null;
            err = pipeOuts ? pipe() : null;
            check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            check(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                check(libc.posix_spawn_file_actions_addchdir_np(actions, folder.toString()), "chdir " + folder);
                if (in != null) {
                    check(libc.posix_spawn_file_actions_adddup2(actions, in[0], 0), "dup2 stdin");
                } else {
                    check(libc.posix_spawn_file_actions_addopen(actions, 0, DEV_NULL, O_RDONLY, 0), "open stdin");
                }
                if (out != null) {
                    check(libc.posix_spawn_file_actions_adddup2(actions, out[1], 1), "dup2 stdout");
                    check(libc.posix_spawn_file_actions_adddup2(actions, err[1], 2), "dup2 stderr");
                } else {
                    check(libc.posix_spawn_file_actions_addopen(actions, 1, DEV_NULL, O_WRONLY, 0), "open stdout");
                    check(libc.posix_spawn_file_actions_addopen(actions, 2, DEV_NULL, O_WRONLY, 0), "open stderr");
                }
                // Nothing else of the agent's (sockets, jars, other tasks' pipes) reaches the program.
                check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
                check(libc.sigemptyset(mask), "sigemptyset");
                check(libc.posix_spawnattr_setsigmask(attributes, mask), "setsigmask");
                check(libc.posix_spawnattr_setflags(attributes, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK)),
                        "setflags");
                IntByReference pid = new IntByReference();
                StringArray envp = environment.entries;
                int rc = libc.posix_spawnp(pid, command.get(0), actions, attributes, command.toArray(String[]::new),
                        envp);
                if (rc == ENOEXEC && command.get(0).contains("/")) {
                    // A script without "#!": run it with /bin/sh, as ProcessBuilder (and execvp) would.
                    List<String> withShell = new java.util.ArrayList<>(command.size() + 1);
                    withShell.add("/bin/sh");
                    withShell.addAll(command);
                    rc = libc.posix_spawnp(pid, "/bin/sh", actions, attributes, withShell.toArray(String[]::new),
                            envp);
                }
                if (rc != 0) {
                    throw new IOException("Cannot run program \"" + command.get(0) + "\" (in directory \"" + folder
                            + "\"): error=" + rc + ", " + describe(rc));
                }
                int pidfd = pidfdOpen(pid.getValue());
                started = true;
                return new Started(pid.getValue(), pidfd, in == null ? -1 : in[1], out == null ? -1 : out[0],
                        err == null ? -1 : err[0]);
            } finally {
                libc.posix_spawn_file_actions_destroy(actions);
                libc.posix_spawnattr_destroy(attributes);
            }
        } finally {
            // The child's ends: it holds its own copies now (or was never started).
            closeQuietly(in == null ? -1 : in[0], out == null ? -1 : out[1], err == null ? -1 : err[1]);
            if (!started) {
                closeQuietly(in == null ? -1 : in[1], out == null ? -1 : out[0], err == null ? -1 : err[0]);
            }
            actions.close();
            attributes.close();
            mask.close();
        }
    }

    private int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            libc.pipe2(fds, O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("Cannot create a pipe for a program: " + describe(e.getErrorCode()), e);
        }
        return fds;
    }

    private int pidfdOpen(int pid) throws IOException {
        try {
            return (int) libc.syscall(SYS_PIDFD_OPEN, (long) pid, 0L);
        } catch (LastErrorException e) {
            throw new IOException("pidfd_open(" + pid + ") failed: " + describe(e.getErrorCode()), e);
        }
    }

    /** Waits until the process behind {@code pidfd} ended, at most {@code millis} (-1: no limit); true when it did. */
    boolean awaitExit(int pidfd, long millis) {
        long deadline = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        try (Memory fds = new Memory(8)) {
            while (true) {
                fds.setInt(0, pidfd);
                fds.setShort(4, POLLIN);
                fds.setShort(6, (short) 0);
                int timeout = millis < 0 ? -1
                        : (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime() + 999_999) / 1_000_000));
                try {
                    return libc.poll(fds, 1, timeout) > 0;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw new IllegalStateException("poll on a pidfd failed: " + describe(e.getErrorCode()), e);
                    }
                }
            }
        }
    }

    /**
     * poll(2) for input on {@code fds} (negative entries are skipped) for at most {@code millis} (-1: no limit);
     * sets {@code ready[i]} when fds[i] can be read (data, end of file or error). Returns false on timeout.
     */
    boolean pollInput(int[] fds, boolean[] ready, long millis) {
        long deadline = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        try (Memory set = new Memory(8L * fds.length)) {
            while (true) {
                for (int i = 0; i < fds.length; i++) {
                    set.setInt(8L * i, fds[i]);
                    set.setShort(8L * i + 4, POLLIN);
                    set.setShort(8L * i + 6, (short) 0);
                }
                int timeout = millis < 0 ? -1
                        : (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime() + 999_999) / 1_000_000));
                int n;
                try {
                    n = libc.poll(set, fds.length, timeout);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw new IllegalStateException("poll failed: " + describe(e.getErrorCode()), e);
                    }
                    continue;
                }
                for (int i = 0; i < fds.length; i++) {
                    ready[i] = fds[i] >= 0 && set.getShort(8L * i + 6) != 0;
                }
                return n > 0;
            }
        }
    }

    /** SIGKILL through the pidfd; false when the process had already ended. */
    boolean kill(int pidfd) {
        try {
            libc.syscall(SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) SIGKILL, 0L, 0L);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw new IllegalStateException("pidfd_send_signal failed: " + describe(e.getErrorCode()), e);
        }
    }

    /** Reaps an ended child; its exit code, or 128 + the signal that ended it. */
    int reap(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                libc.waitpid(pid, status, 0);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IllegalStateException("waitpid(" + pid + ") failed: " + describe(e.getErrorCode()), e);
                }
            }
        }
        int s = status[0];
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 0x80 + (s & 0x7f);
    }

    /** Reads up to {@code length} bytes; -1 at end of file. */
    int read(int fd, byte[] buffer, int length) throws IOException {
        while (true) {
            try {
                return (int) libc.read(fd, buffer, length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("read failed: " + describe(e.getErrorCode()), e);
                }
            }
        }
    }

    /** Writes all of {@code bytes}. */
    void writeFully(int fd, byte[] bytes) throws IOException {
        try {
            long written = libc.write(fd, bytes, bytes.length);
            if (written != bytes.length) {
                throw new IOException("short write of " + written + " of " + bytes.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new IOException("write failed: " + describe(e.getErrorCode()), e);
        }
    }

    void closeQuietly(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                libc.close(fd);
            }
        }
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + describe(rc));
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 2 -> "No such file or directory";
            case 13 -> "Permission denied";
            case 8 -> "Exec format error";
            case 20 -> "Not a directory";
            case 24 -> "Too many open files";
            default -> "errno " + errno;
        };
    }
}
