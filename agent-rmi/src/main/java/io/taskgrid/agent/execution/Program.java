package io.taskgrid.agent.execution;

import java.io.InputStream;
import java.util.Optional;

/**
 * A started program (a task's program or its syntax check), however it was started: by {@link ProcessBuilder}
 * ({@link JdkProgram}) or by {@code posix_spawn} ({@link SpawnedProgram}). Closing it releases what it holds
 * (a spawned program is reaped then, so its pid cannot be reused before the tree was killed).
 */
interface Program extends AutoCloseable {
    long pid();

    /** Whether it leads a process group of its own, so that killing the group reaches children that outlived it. */
    boolean groupLeader();

    boolean isAlive();

    void waitFor() throws InterruptedException;

    /** Waits at most {@code millis}; true when it ended. */
    boolean waitFor(long millis) throws InterruptedException;

    /** Its exit code (128 + signal when a signal ended it); only once it ended. */
    int exitValue();

    /** SIGKILL to this process alone; harmless once it ended. Never closes the output streams. */
    void kill();

    /**
     * Hands its pid to {@code groupKiller} when it leads a group and the pid is still its own (a spawned program
     * not yet reaped), so that a late cancel never signals a group that reused the number.
     */
    void killGroup(java.util.function.LongConsumer groupKiller);

    InputStream stdout();

    InputStream stderr();

    /** For walks of its descendants and their usage, while it exists. */
    Optional<ProcessHandle> handle();

    @Override
    void close();
}
