package io.taskgrid.agent.execution;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A program started by {@link NativeSpawn}: it leads its own session and process group. Its end is seen
 * through its pidfd without reaping it, so the pid stays its own (and the group's) until {@link #close}
 * reaps it: killing the tree after it ended can never hit a stranger that got the pid again.
 */
final class SpawnedProgram implements Program {
    private final NativeSpawn spawn;
    private final NativeSpawn.Started started;
    private final PipeInput stdout;
    private final PipeInput stderr;
    private final Object lock = new Object();
    private boolean ended;     // guarded by lock: the pidfd said so
    private Integer exitCode;  // guarded by lock: reaped
    private boolean closed;    // guarded by lock

    SpawnedProgram(NativeSpawn spawn, NativeSpawn.Started started) {
        this.spawn = spawn;
        this.started = started;
        this.stdout = new PipeInput(spawn, started.stdoutFd());
        this.stderr = new PipeInput(spawn, started.stderrFd());
    }

    @Override
    public long pid() {
        return started.pid();
    }

    @Override
    public boolean groupLeader() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return !awaitEnd(0);
    }

    @Override
    public void waitFor() {
        awaitEnd(-1);
    }

    @Override
    public boolean waitFor(long millis) {
        return awaitEnd(Math.max(0, millis));
    }

    private boolean awaitEnd(long millis) {
        synchronized (lock) {
            if (ended || closed) {
                return true;
            }
        }
        boolean now = spawn.awaitExit(started.pidfd(), millis);
        if (now) {
            synchronized (lock) {
                ended = true;
            }
        }
        return now;
    }

    @Override
    public int exitValue() {
        synchronized (lock) {
            if (exitCode != null) {
                return exitCode;
            }
            if (!ended && !spawn.awaitExit(started.pidfd(), 0)) {
                throw new IllegalThreadStateException("process " + started.pid() + " has not exited");
            }
            ended = true;
            exitCode = spawn.reap(started.pid());
            return exitCode;
        }
    }

    @Override
    public void kill() {
        synchronized (lock) {
            if (closed || exitCode != null) {
                return; // reaped: the pidfd still names it, but it is gone
            }
            spawn.kill(started.pidfd());
        }
    }

    @Override
    public void killGroup(java.util.function.LongConsumer groupKiller) {
        synchronized (lock) {
            if (!closed && exitCode == null) {
                groupKiller.accept(started.pid()); // the zombie leader keeps the group's number until reaped
            }
        }
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    /**
     * Reads stdout and stderr into the sinks on the calling thread (no pump threads) until the program ended or
     * {@code millis} passed (-1: no limit). True when it ended; the pipes may still hold output of its children.
     */
    boolean drainUntilEnd(OutputPump.Sink out, OutputPump.Sink err, long millis) throws IOException {
        return drain(out, err, millis, true);
    }

    /**
     * After its tree was killed: reads what is left until both pipes reach their end, at most {@code millis}.
     * False when something outside the tree still holds them open; they are closed then.
     */
    boolean drainRest(OutputPump.Sink out, OutputPump.Sink err, long millis) throws IOException {
        boolean drained = drain(out, err, millis, false);
        if (!drained) {
            stdout.close();
            stderr.close();
        }
        return drained;
    }

    private boolean drain(OutputPump.Sink out, OutputPump.Sink err, long millis, boolean untilEnd) throws IOException {
        long deadline = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        PipeInput[] pipes = {stdout, stderr};
        OutputPump.Sink[] sinks = {out, err};
        byte[] buffer = new byte[OutputPump.BUFFER];
        int[] fds = new int[3];
        boolean[] ready = new boolean[3];
        while (true) {
            fds[0] = pipes[0].openFd();
            fds[1] = pipes[1].openFd();
            fds[2] = untilEnd ? started.pidfd() : -1;
            if (!untilEnd && fds[0] < 0 && fds[1] < 0) {
                return true;
            }
            long left = millis < 0 ? -1 : Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            if (!spawn.pollInput(fds, ready, left)) {
                return false; // time is up
            }
            for (int i = 0; i < 2; i++) {
                if (ready[i]) {
                    int n = spawn.read(fds[i], buffer, buffer.length);
                    if (n <= 0) {
                        pipes[i].close();
                    } else {
                        sinks[i].accept(buffer, n);
                    }
                }
            }
            if (ready[2]) {
                synchronized (lock) {
                    ended = true;
                }
                return true;
            }
        }
    }

    @Override
    public Optional<ProcessHandle> handle() {
        synchronized (lock) {
            return closed || exitCode != null ? Optional.empty() : ProcessHandle.of(started.pid());
        }
    }

    /**
     * Kills it if it still runs, reaps it, and closes the pidfd and whatever of the pipes is still open: read
     * its output (or drain it) before, on the thread that closes it.
     */
    @Override
    public void close() {
        stdout.close();
        stderr.close();
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (exitCode == null) {
                spawn.kill(started.pidfd());
                spawn.awaitExit(started.pidfd(), -1);
                exitCode = spawn.reap(started.pid());
            }
            closed = true;
            spawn.closeQuietly(started.pidfd());
        }
    }

    /** Our end of one of its output pipes. */
    private static final class PipeInput extends InputStream {
        private final NativeSpawn spawn;
        private final int fd;
        private final Object lock = new Object();
        private boolean closed;

        PipeInput(NativeSpawn spawn, int fd) {
            this.spawn = spawn;
            this.fd = fd;
        }

        /** The descriptor while open, else -1. */
        int openFd() {
            synchronized (lock) {
                return closed ? -1 : fd;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            synchronized (lock) {
                if (closed) {
                    throw new IOException("Stream closed");
                }
            }
            if (offset == 0) {
                int n = spawn.read(fd, buffer, length);
                return n == 0 ? -1 : n;
            }
            byte[] chunk = new byte[length];
            int n = spawn.read(fd, chunk, length);
            if (n > 0) {
                System.arraycopy(chunk, 0, buffer, offset, n);
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            spawn.closeQuietly(fd);
        }
    }
}
