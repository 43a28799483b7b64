package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a task's program wrote to stdout and stderr, from the offsets a client asked for, read from the files the agent
 * writes while the program runs ({@code results/<project>/<id>/stdout.txt} and {@code stderr.txt} on the shared
 * folder), with the task's state and attempt as they were <em>before</em> the files were read: once {@code state} is
 * final, what the pieces do not hold yet is all that is left to read.
 *
 * @param taskId  the task
 * @param state   its state before the read
 * @param attempt its attempt number before the read; a new one starts its files again
 * @param stdout  bytes of {@code stdout.txt}
 * @param stderr  bytes of {@code stderr.txt}
 */
public record TaskOutput(long taskId, TaskState state, int attempt, OutputPiece stdout, OutputPiece stderr) implements Serializable {
    /** Most bytes of each file one call answers with (the serial filter allows 64 kB in one array). */
    public static final int MAX_BYTES = 32 * 1024;

    public TaskOutput {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Whether both files were read to their end (as they were when read). */
    public boolean caughtUp() {
        return !stdout.more() && !stderr.more();
    }
}
