package io.taskgrid.agent.execution;

import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A program started by {@link ProcessBuilder}: the syntax checks, and tasks where {@code posix_spawn} is not available. */
final class JdkProgram implements Program {
    private final Process process;
    private final boolean groupLeader;

    JdkProgram(Process process, boolean groupLeader) {
        this.process = process;
        this.groupLeader = groupLeader;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean groupLeader() {
        return groupLeader;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void waitFor() throws InterruptedException {
        process.waitFor();
    }

    @Override
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void kill() {
        // Through the handle: Process.destroyForcibly() also closes our ends of the pipes, and an output pump
        // still draining the last bytes of a program that just ended would lose them ("Stream closed").
        process.toHandle().destroyForcibly();
    }

    @Override
    public void killGroup(java.util.function.LongConsumer groupKiller) {
        if (groupLeader) {
            groupKiller.accept(process.pid());
        }
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public Optional<ProcessHandle> handle() {
        return Optional.of(process.toHandle());
    }

    @Override
    public void close() {
        // the JDK reaps it and closes its streams
    }
}
