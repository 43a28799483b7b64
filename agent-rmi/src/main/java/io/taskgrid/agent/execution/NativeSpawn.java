package io.taskgrid.agent.execution;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final byte[] DEV_NULL = Native.toByteArray("/dev/null");
    private static final byte[] SH = Native.toByteArray("/bin/sh");
    /** {@code -Dtaskgrid.agent.processBuilder=true}: start programs the portable way (setsid, setpriv) even on Linux. */
    static final String USE_PROCESS_BUILDER = "taskgrid.agent.processBuilder";

    /** The C library calls this needs. */
    interface CLib extends Library {
        int posix_spawnp(IntByReference pid, Pointer file, Pointer actions, Pointer attributes, Pointer argv, Pointer envp);

        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_addopen(Pointer actions, int fd, Pointer path, int flags, int mode);

        int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

        int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

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

        /** {@code fds}: struct pollfd as two ints each (fd; events and revents, see {@link PollWord}). */
        int poll(int[] fds, long count, int timeoutMillis) throws LastErrorException;

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
     * An agent's environment ("NAME=value" entries) plus the few variables of one program. The agent's part is
     * encoded once; {@link #with} adds a program's own, which {@link #start} packs with everything else it passes
     * into one native block: a task's id differs for every task, and converting some 40 variables (each its own
     * JNA allocation, registered with a cleaner) for every task cost more than the rest of the spawn.
     */
    static final class Environment {
        private final String[] names;
        private final byte[][] entries;
        private final Map<String, byte[]> own;

        Environment(String[] entries) {
            this.names = new String[entries.length];
            this.entries = new byte[entries.length][];
            for (int i = 0; i < entries.length; i++) {
                int eq = entries[i].indexOf('=');
                names[i] = eq < 0 ? entries[i] : entries[i].substring(0, eq);
                this.entries[i] = Native.toByteArray(entries[i]);
            }
            this.own = Map.of();
        }

        private Environment(Environment base, Map<String, byte[]> own) {
            this.names = base.names;
            this.entries = base.entries;
            this.own = own;
        }

        /** This environment with {@code variables} added (replacing the agent's value of the same name). */
        Environment with(Map<String, String> variables) {
            Map<String, byte[]> added = new LinkedHashMap<>(own);
            variables.forEach((name, value) -> added.put(name, Native.toByteArray(name + "=" + value)));
            return new Environment(this, added);
        }

        /** The entries a program gets, NUL-terminated, in order. */
        List<byte[]> entries() {
            List<byte[]> out = new ArrayList<>(entries.length + own.size());
            for (int i = 0; i < entries.length; i++) {
                if (!own.containsKey(names[i])) {
                    out.add(entries[i]);
                }
            }
            out.addAll(own.values());
            return out;
        }
    }

    /**
     * Everything one {@code posix_spawnp} reads, in one native allocation: the opaque file actions and attributes,
     * the signal mask, the argv and envp pointer arrays and the strings they point to.
     */
    private static final class SpawnBlock implements AutoCloseable {
        private final Memory memory;
        private long next;

        /** Room for {@code strings}, their pointer arrays ({@code pointerSlots} in all) and the spawn's own structures. */
        SpawnBlock(long stringBytes, int pointerSlots) {
            // Two more slots: the alignment of the two pointer arrays, which follow strings.
            memory = new Memory(2L * OPAQUE_BYTES + SIGSET_BYTES + (long) (pointerSlots + 2) * Native.POINTER_SIZE + stringBytes);
        }

        /** The next {@code size} bytes of the block. */
        Pointer take(long size) {
            Pointer p = memory.share(next, size);
            next += size;
            return p;
        }

        /** Copies a NUL-terminated string into the block. */
        Pointer string(byte[] nulTerminated) {
            Pointer p = take(nulTerminated.length);
            p.write(0, nulTerminated, 0, nulTerminated.length);
            return p;
        }

        /** A NULL-terminated array of pointers to {@code strings}, copied into the block. */
        Pointer array(List<byte[]> strings) {
            next = (next + Native.POINTER_SIZE - 1) / Native.POINTER_SIZE * Native.POINTER_SIZE;
            Pointer array = take((long) (strings.size() + 1) * Native.POINTER_SIZE);
            for (int i = 0; i < strings.size(); i++) {
                array.setPointer((long) i * Native.POINTER_SIZE, string(strings.get(i)));
            }
            array.setPointer((long) strings.size() * Native.POINTER_SIZE, null);
            return array;
        }

        @Override
        public void close() {
            memory.close();
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
        List<byte[]> argv = new ArrayList<>(command.size() + 1);
        argv.add(SH);
        command.forEach(c -> argv.add(Native.toByteArray(c)));
        List<byte[]> envp = environment.entries();
        byte[] directory = Native.toByteArray(folder.toString());
        long stringBytes = directory.length + DEV_NULL.length;
        for (byte[] b : argv) {
            stringBytes += b.length;
        }
        for (byte[] b : envp) {
            stringBytes += b.length;
        }
        boolean started = false;
        try (SpawnBlock block = new SpawnBlock(stringBytes, argv.size() + 1 + envp.size() + 1)) {
            Pointer actions = block.take(OPAQUE_BYTES);
            Pointer attributes = block.take(OPAQUE_BYTES);
            Pointer mask = block.take(SIGSET_BYTES);
            // argv[0] is "/bin/sh", used only for a script without "#!"; the program's own argv starts at 1.
            Pointer shellArgv = block.array(argv);
            Pointer programArgv = shellArgv.share(Native.POINTER_SIZE);
            Pointer environ = block.array(envp);
            Pointer devNull = block.string(DEV_NULL);
            Pointer chdir = block.string(directory);
            in = pipeIn ? pipe() : null;
            out = pipeOuts ? pipe() : null;
            err = pipeOuts ? pipe() : null;
            check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            check(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                check(libc.posix_spawn_file_actions_addchdir_np(actions, chdir), "chdir " + folder);
                if (in != null) {
                    check(libc.posix_spawn_file_actions_adddup2(actions, in[0], 0), "dup2 stdin");
                } else {
                    check(libc.posix_spawn_file_actions_addopen(actions, 0, devNull, O_RDONLY, 0), "open stdin");
                }
                if (out != null) {
                    check(libc.posix_spawn_file_actions_adddup2(actions, out[1], 1), "dup2 stdout");
                    check(libc.posix_spawn_file_actions_adddup2(actions, err[1], 2), "dup2 stderr");
                } else {
                    check(libc.posix_spawn_file_actions_addopen(actions, 1, devNull, O_WRONLY, 0), "open stdout");
                    check(libc.posix_spawn_file_actions_addopen(actions, 2, devNull, O_WRONLY, 0), "open stderr");
                }
                // Nothing else of the agent's (sockets, jars, other tasks' pipes) reaches the program.
                check(libc.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
                check(libc.sigemptyset(mask), "sigemptyset");
                check(libc.posix_spawnattr_setsigmask(attributes, mask), "setsigmask");
                check(libc.posix_spawnattr_setflags(attributes, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK)),
                        "setflags");
                IntByReference pid = new IntByReference();
                int rc = libc.posix_spawnp(pid, programArgv.getPointer(0), actions, attributes, programArgv, environ);
                if (rc == ENOEXEC && command.get(0).contains("/")) {
                    // A script without "#!": run it with /bin/sh, as ProcessBuilder (and execvp) would.
                    rc = libc.posix_spawnp(pid, shellArgv.getPointer(0), actions, attributes, shellArgv, environ);
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
        int[] fds = new int[2];
        while (true) {
            fds[0] = pidfd;
            fds[1] = PollWord.events(POLLIN);
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

    /**
     * poll(2) for input on {@code fds} (negative entries are skipped) for at most {@code millis} (-1: no limit);
     * sets {@code ready[i]} when fds[i] can be read (data, end of file or error). Returns false on timeout.
     */
    boolean pollInput(int[] fds, boolean[] ready, long millis) {
        long deadline = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        int[] set = new int[2 * fds.length];
        while (true) {
            for (int i = 0; i < fds.length; i++) {
                set[2 * i] = fds[i];
                set[2 * i + 1] = PollWord.events(POLLIN);
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
                ready[i] = fds[i] >= 0 && PollWord.revents(set[2 * i + 1]) != 0;
            }
            return n > 0;
        }
    }

    /**
     * The second int of a struct pollfd holds two shorts, {@code events} then {@code revents}, in memory order:
     * passed as an int array, JNA copies it in and back without a native allocation.
     */
    static final class PollWord {
        private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

        private PollWord() {
        }

        static int events(short events) {
            return LITTLE ? events & 0xffff : (events & 0xffff) << 16;
        }

        static int revents(int word) {
            return LITTLE ? word >>> 16 : word & 0xffff;
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
