package io.taskgrid.client.output;

import io.taskgrid.api.task.OutputPiece;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ControllerGateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Reads a task's stdout and stderr through the controller, by offset, as the agent writes them: what is there now, or
 * followed until the task ends (as {@code tail -f} would, polling every 0.5 s, slowing to 1 s while nothing comes).
 * Each call asks for at most {@link #CHUNK} bytes of each stream; the bytes become text through a {@link TextDecoder}
 * per stream, so neither a character cut between two calls nor bytes that are not UTF-8 break it. When the task starts
 * again (a new attempt after its agent was lost), its files start again too, and so does the reading, after
 * {@link Sink#restarted}. Blocking: for a command's thread or a background thread, never a UI thread.
 */
public final class OutputFollower {
    /** Bytes of each stream asked for in one call. */
    public static final int CHUNK = TaskOutput.MAX_BYTES;
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofMillis(100);

    /** Where the text goes, on the calling thread. */
    public interface Sink {
        void stdout(String text);

        void stderr(String text);

        /** The task started again ({@code attempt}); what follows is that attempt's output, from its start. */
        void restarted(long taskId, int attempt);
    }

    /** Waits between two polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        Pause SLEEP = d -> Thread.sleep(d.toMillis());

        void pause(Duration duration) throws InterruptedException;
    }

    private final ControllerGateway gateway;
    private final Pause pause;

    public OutputFollower(ControllerGateway gateway, Pause pause) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Writes what the task has written so far (up to the sizes its files had at the first read) to {@code sink}.
     *
     * @return the last answer: the task's state, and whether its files are there at all
     */
    public TaskOutput readNow(long taskId, Sink sink) {
        Reading reading = new Reading(taskId, sink);
        TaskOutput first = reading.next();
        long outEnd = Math.max(first.stdout().size(), 0);
        long errEnd = Math.max(first.stderr().size(), 0);
        TaskOutput last = first;
        while (reading.outAt < outEnd && last.stdout().more() || reading.errAt < errEnd && last.stderr().more()) {
            last = reading.next();
        }
        reading.finish();
        return last;
    }

    /**
     * Writes the task's output to {@code sink} as it comes, until the task has ended and everything it wrote is read.
     *
     * @return the last answer, with the task's final state
     * @throws InterruptedException when the thread is interrupted while it waits for more
     */
    public TaskOutput follow(long taskId, Sink sink) throws InterruptedException {
        Reading reading = new Reading(taskId, sink);
        Duration wait = FIRST_PAUSE;
        while (true) {
            long before = reading.outAt + reading.errAt;
            TaskOutput now = reading.next();
            if (!now.caughtUp()) {
                continue; // more is there already: no pause
            }
            if (now.state().isFinal()) {
                reading.finish();
                return now;
            }
            boolean quiet = reading.outAt + reading.errAt == before;
            wait = quiet ? min(wait.plus(STEP), LONGEST_PAUSE) : FIRST_PAUSE;
            pause.pause(wait);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One reading of one task: where it is in each file, and which attempt those files are of. */
    private final class Reading {
        final long taskId;
        final Sink sink;
        final TextDecoder out = new TextDecoder();
        final TextDecoder err = new TextDecoder();
        long outAt;
        long errAt;
        int attempt = -1;

        Reading(long taskId, Sink sink) {
            this.taskId = taskId;
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** One call: writes what came and moves on; starts again from 0 when the files did. */
        TaskOutput next() {
            TaskOutput now = gateway.output(taskId, outAt, errAt, CHUNK);
            if (startedAgain(now)) {
                finish();
                outAt = 0;
                errAt = 0;
                attempt = now.attempt();
                sink.restarted(taskId, now.attempt());
                now = gateway.output(taskId, 0, 0, CHUNK);
            } else if (outAt + errAt == 0) {
                attempt = now.attempt(); // nothing read yet: these are the files of the attempt there is
            }
            write(now.stdout(), out, true);
            write(now.stderr(), err, false);
            outAt = now.stdout().next();
            errAt = now.stderr().next();
            return now;
        }

        /**
         * A file shorter than what was read of it was made anew; so are both when another attempt runs (not while it
         * only waits in the queue: the old files stay until an agent starts it).
         */
        private boolean startedAgain(TaskOutput now) {
            boolean shrank = now.stdout().exists() && now.stdout().size() < outAt
                    || now.stderr().exists() && now.stderr().size() < errAt;
            boolean newAttempt = attempt != -1 && now.attempt() != attempt && now.state() != TaskState.QUEUED;
            return outAt + errAt > 0 && (shrank || newAttempt);
        }

        private void write(OutputPiece piece, TextDecoder decoder, boolean toStdout) {
            if (piece.length() == 0) {
                return;
            }
            String text = decoder.decode(piece.bytes());
            if (!text.isEmpty()) {
                if (toStdout) {
                    sink.stdout(text);
                } else {
                    sink.stderr(text);
                }
            }
        }

        void finish() {
            String restOut = out.finish();
            if (!restOut.isEmpty()) {
                sink.stdout(restOut);
            }
            String restErr = err.finish();
            if (!restErr.isEmpty()) {
                sink.stderr(restErr);
            }
        }
    }
}
