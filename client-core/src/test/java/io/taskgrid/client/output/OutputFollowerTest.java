package io.taskgrid.client.output;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.OutputPiece;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ControllerGateway;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 3: `taskgrid logs [-f]` reads a task's output by offset, in bounded pieces, as it is written. */
class OutputFollowerTest {

    @Test
    void aCharacterCutBetweenTwoPiecesArrivesWholeAndBytesThatAreNotUtf8DoNotStopTheReading() {
        Files files = new Files(TaskState.SUCCEEDED);
        String text = "a" + "é".repeat(OutputFollower.CHUNK) + "\n"; // é is two bytes: the first piece ends in the middle of one
        files.out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        files.err.writeBytes(new byte[]{'b', 'a', 'd', ' ', (byte) 0xff, (byte) 0xc3, '\n', (byte) 0xe2, (byte) 0x82});
        Collected seen = new Collected();

        new OutputFollower(files, d -> { }).readNow(7, seen);

        assertEquals(text, seen.out.toString());
        assertEquals("bad \uFFFD\uFFFD\n\uFFFD", seen.err.toString(), "broken bytes become U+FFFD, a cut one at the end too");
        assertTrue(files.asked.stream().allMatch(n -> n <= TaskOutput.MAX_BYTES), "every call asks for a bounded piece: " + files.asked);
        assertTrue(files.calls > 2, "a long output comes in several calls: " + files.calls);
    }

    @Test
    void withoutFollowingItPrintsWhatIsThereNowAndStops() {
        Files files = new Files(TaskState.RUNNING);
        files.out.writeBytes("line 1\n".getBytes(StandardCharsets.UTF_8));
        Collected seen = new Collected();

        TaskOutput last = new OutputFollower(files, d -> {
            throw new AssertionError("readNow never waits");
        }).readNow(7, seen);

        assertEquals("line 1\n", seen.out.toString());
        assertEquals(TaskState.RUNNING, last.state());
    }

    @Test
    void followingPrintsEachLineAsItComesAndStopsWhenTheTaskHasEndedAndAllIsRead() throws Exception {
        Files files = new Files(TaskState.RUNNING);
        List<Duration> pauses = new ArrayList<>();
        Collected seen = new Collected();
        List<String> seenAtEachPause = new ArrayList<>();
        OutputFollower follower = new OutputFollower(files, d -> {
            pauses.add(d);
            seenAtEachPause.add(seen.out.toString());
            int n = pauses.size();
            if (n <= 3) {
                files.out.writeBytes(("line " + n + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (n == 5) {
                files.err.writeBytes("done\n".getBytes(StandardCharsets.UTF_8));
                files.state = TaskState.FAILED;
            }
        });

        TaskOutput last = follower.follow(7, seen);

        assertEquals(List.of("", "line 1\n", "line 1\nline 2\n", "line 1\nline 2\nline 3\n", "line 1\nline 2\nline 3\n"), seenAtEachPause,
                "each line is printed at the next poll, not at the end");
        assertEquals("done\n", seen.err.toString());
        assertEquals(TaskState.FAILED, last.state());
        assertEquals(List.of(Duration.ofMillis(600), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(600)), pauses, "0.5 s while output comes, slower while none does");
    }

    @Test
    void whenTheTaskRunsAgainItsNewOutputIsReadFromTheStart() throws Exception {
        Files files = new Files(TaskState.RUNNING);
        files.out.writeBytes("first attempt, a long line\n".getBytes(StandardCharsets.UTF_8));
        Collected seen = new Collected();
        OutputFollower follower = new OutputFollower(files, d -> {
            if (files.attempt == 1) {
                files.out.reset();
                files.out.writeBytes("second\n".getBytes(StandardCharsets.UTF_8));
                files.attempt = 2;
            } else {
                files.state = TaskState.SUCCEEDED;
            }
        });

        follower.follow(7, seen);

        assertEquals("first attempt, a long line\n[attempt 2]second\n", seen.out.toString());
    }

    /** What a sink was given. */
    private static final class Collected implements OutputFollower.Sink {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();

        @Override
        public void stdout(String text) {
            out.append(text);
        }

        @Override
        public void stderr(String text) {
            err.append(text);
        }

        @Override
        public void restarted(long taskId, int attempt) {
            out.append("[attempt ").append(attempt).append(']');
        }
    }

    /** A controller whose task 7 has the output files given here; everything else is unsupported. */
    private static final class Files implements ControllerGateway {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<Integer> asked = new ArrayList<>();
        volatile TaskState state;
        volatile int attempt = 1;
        int calls;

        Files(TaskState state) {
            this.state = state;
        }

        @Override
        public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
            calls++;
            asked.add(maxBytes);
            TaskState before = state;
            return new TaskOutput(taskId, before, attempt, piece(out.toByteArray(), stdoutOffset, maxBytes),
                    piece(err.toByteArray(), stderrOffset, maxBytes));
        }

        private static OutputPiece piece(byte[] file, long offset, int max) {
            int from = (int) Math.min(offset, file.length);
            return new OutputPiece(offset, Arrays.copyOfRange(file, from, Math.min(file.length, from + max)), file.length);
        }

        @Override
        public ControllerAddress address() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ControllerInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskRecord submit(TaskSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskRecord task(long taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TaskRecord> history(HistoryQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskRecord cancel(long taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskRecord reprioritize(long taskId, int priority) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public TaskRecord hold(long taskId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public TaskRecord release(long taskId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public AgentInfo drain(String agentId, String reason) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public AgentInfo resume(String agentId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.task.ArraySummary array(long arrayId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public TaskRecord member(long arrayId, int index) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public List<TaskRecord> dependants(long taskId, int limit) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.client.GridStatus status() {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.client.GridSummary summary() {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.client.UsageReport usage() {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public io.taskgrid.api.task.ProgramSource program(long taskId) {
            throw new UnsupportedOperationException("not in this fake");
        }

        @Override
        public List<AgentInfo> agents() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ClientInfo> clients() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventBatch events(long afterSequence, Duration maxWait) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
