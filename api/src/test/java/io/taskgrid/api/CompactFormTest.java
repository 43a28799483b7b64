package io.taskgrid.api;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactFormTest {
    private static final Instant T0 = Instant.parse("2026-12-06T18:00:00.123456789Z");

    @Test
    void everyRecordComesBackEqualWithEveryFieldSet() throws Exception {
        ProgramSource inline = ProgramSource.inline("job.py", "print('é ✓')\n".getBytes(StandardCharsets.UTF_8));
        TaskSpec spec = new TaskSpec("proj", "p-7", inline, List.of("a b", "", "ü"), "data/in.csv", "a@b.example",
                Duration.ofMillis(90_500), -3, true, DedupMode.CONTENT, java.util.Map.of("MODE", "fast", "EMPTY", ""), true,
                List.of("gpu", "!big-mem"), true, new io.taskgrid.api.task.Resources(4, 3L << 30),
                new io.taskgrid.api.task.RetryPolicy(3, Duration.ofSeconds(30), List.of(137, 75)));
        TaskRecord record = new TaskRecord(42, "proj", "p-7", "job.py (inline)", Language.PYTHON, List.of("x"), "data",
                "a@b.example", Duration.ofSeconds(5), 9, TaskState.FAILED, "agent-1", "10.0.0.2", 3, "out\n", "err\n",
                "Exited with code 3.", T0, T0.plusMillis(5), T0.plusSeconds(1), "results/proj/42", "ann", "127.0.0.1",
                2, 17L, new ResourceUsage(1.25, 1 << 20, 4096, 5 << 20), "waits for an agent", "sent", true, "ann",
                new io.taskgrid.api.task.Requirements(List.of("gpu", "fast-disk"), List.of("big-mem")),
                new io.taskgrid.api.task.Resources(2, 512L << 20),
                new io.taskgrid.api.task.RetryPolicy(5, Duration.ofMillis(1500), List.of(75)), 2, T0.plusSeconds(40));
        TaskAssignment assignment = new TaskAssignment(42, 2, 0x7a5e_0000_0001L, "proj", "p-7", ProgramSource.shared("bin/run.sh"),
                Language.SHELL, List.of("1", "2"), "data/x", Duration.ofMinutes(2), java.util.Map.of("PATH", "/opt/bin:/bin"),
                new io.taskgrid.api.task.Resources(8, 1L << 30));
        TaskOutcome outcome = new TaskOutcome(42, 2, 0x7a5e_0000_0001L, TaskState.SUCCEEDED, 0, "hi\n", "", null, T0, T0.plusMillis(3),
                "results/proj/42", new ResourceUsage(0.01, 2048, 0));
        TaskStart start = new TaskStart(42, 2, 0x7a5e_0000_0001L, T0);

        for (Object value : List.of(spec, record, assignment, outcome, start)) {
            Object back = roundTrip(value);
            assertNotSame(value, back);
            assertEquals(value, back, value.getClass().getSimpleName());
        }
        assertArrayEquals(inline.inlineContent(), ((TaskSpec) roundTrip(spec)).program().inlineContent());
        assertEquals("fast", ((TaskSpec) roundTrip(spec)).environment().get("MODE"));
        assertEquals("/opt/bin:/bin", ((TaskAssignment) roundTrip(assignment)).environment().get("PATH"));
        assertEquals(5 << 20, ((TaskRecord) roundTrip(record)).usage().peakMemoryBytes());
        assertEquals(8, ((TaskAssignment) roundTrip(assignment)).resources().cpus());
        assertEquals(List.of(75, 137), ((TaskSpec) roundTrip(spec)).retry().onExit());
        assertEquals(T0.plusSeconds(40), ((TaskRecord) roundTrip(record)).retryAt());
        assertEquals(2, ((TaskRecord) roundTrip(record)).retriesUsed());
    }

    @Test
    void aCountOfVariablesThatLiesIsRefusedBeforeAnythingIsAllocated() {
        byte[] assignment = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);                      // the attempt's token
            CompactForm.writeString(out, "p");
            CompactForm.writeString(out, null);
            CompactForm.writeString(out, "a.sh");  // a shared program
            CompactForm.writeString(out, "a.sh");
            out.writeInt(-1);
            CompactForm.writeString(out, "SHELL");
            out.writeInt(0);                       // no arguments
            CompactForm.writeString(out, null);    // no data
            out.writeBoolean(false);               // no timeout
            out.writeInt(Integer.MAX_VALUE);       // the variables' count
        }, (byte) 3);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(assignment));
        assertTrue(e.getMessage().contains("environment variables"), e.getMessage());
    }

    @Test
    void absentFieldsStayAbsent() throws Exception {
        TaskSpec spec = TaskSpec.builder(ProgramSource.shared("a.sh")).build();
        TaskRecord queued = TaskRecord.builder().id(1).project("default").program("a.sh").state(TaskState.QUEUED)
                .submittedAt(T0).attempt(1).build();
        TaskAssignment assignment = new TaskAssignment(1, 1, 1, "default", null, ProgramSource.shared("a.sh"),
                Language.SHELL, null, null, null);
        TaskOutcome givenBack = TaskOutcome.givenBack(assignment, "stopping");

        for (Object value : List.of(spec, queued, assignment, givenBack)) {
            assertEquals(value, roundTrip(value), value.getClass().getSimpleName());
        }
        TaskRecord back = (TaskRecord) roundTrip(queued);
        assertEquals(null, back.language());
        assertEquals(null, back.exitCode());
        assertEquals(null, back.duplicateOf());
        assertEquals(null, back.usage());
    }

    @Test
    void aLongOutputAndAListOfRecordsGoThroughInOneStream() throws Exception {
        String big = "x".repeat(200_000) + "✓"; // longer than writeUTF's 65,535 bytes
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(new TaskOutcome(i, 1, i, TaskState.FAILED, 1, i == 7 ? big : "o" + i, "e", "m", T0, T0, null, null));
        }
        @SuppressWarnings("unchecked")
        List<TaskOutcome> back = (List<TaskOutcome>) roundTrip(new ArrayList<>(outcomes));
        assertEquals(outcomes, back);
        assertEquals(big, back.get(7).output());
    }

    @Test
    void theStreamCarriesNoDescriptionOfTheRecordsFields() throws Exception {
        TaskRecord record = TaskRecord.builder().id(1).project("p").program("a.sh").state(TaskState.QUEUED)
                .submittedAt(T0).attempt(1).clientHost("127.0.0.1").build();
        String stream = new String(serialize(record), StandardCharsets.ISO_8859_1);
        assertTrue(stream.contains(CompactForm.class.getName()), "the compact form names itself");
        assertFalse(stream.contains("clientHost"), "no field names of TaskRecord");
        assertFalse(stream.contains(TaskRecord.class.getName()), "no class description of TaskRecord");
    }

    @Test
    void whatTheRecordWouldRefuseIsRefusedWhenItComesIn() throws Exception {
        // An outcome in state RUNNING: TaskOutcome's constructor refuses it, so reading it must too.
        byte[] bytes = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);
            CompactForm.writeString(out, "RUNNING");
            out.writeBoolean(false);
            for (int i = 0; i < 3; i++) {
                CompactForm.writeString(out, "");
            }
            out.writeBoolean(false);
            out.writeBoolean(false);
            CompactForm.writeString(out, null);
            out.writeBoolean(false);
        }, (byte) 4);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
    }

    @Test
    void aLengthThatLiesIsRefusedBeforeAnythingIsAllocated() {
        byte[] program = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);                      // the attempt's token
            CompactForm.writeString(out, "p");
            CompactForm.writeString(out, null);
            CompactForm.writeString(out, null);   // no shared path: an inline program
            CompactForm.writeString(out, "a.sh");
            out.writeInt(Integer.MAX_VALUE);      // the inline program's length
        }, (byte) 3);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(program));
        assertTrue(e.getMessage().contains("length of an inline program"), e.getMessage());

        byte[] list = forged(out -> {
            CompactForm.writeString(out, "p");
            CompactForm.writeString(out, null);
            CompactForm.writeString(out, "a.sh");
            CompactForm.writeString(out, "a.sh");
            out.writeInt(-1);
            out.writeInt(CompactForm.MAX_ENTRIES + 1); // the arguments' count
        }, (byte) 1);
        e = assertThrows(InvalidObjectException.class, () -> read(list));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
    }

    @Test
    void anObjectWhereATextBelongsIsRefused() {
        byte[] bytes = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);
            out.writeObject(List.of("not", "a", "text")); // where the project's name belongs
        }, (byte) 3);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains("where a text belongs"), e.getMessage());
    }

    @Test
    void aTextRepeatedInABatchIsReadBackAsOneString() throws Exception {
        String project = new String("shared-project".toCharArray());
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(TaskSpec.builder(ProgramSource.shared("bin/a.sh")).project(project).build());
        }
        @SuppressWarnings("unchecked")
        List<TaskSpec> back = (List<TaskSpec>) roundTrip(new ArrayList<>(specs));
        assertEquals(specs, back);
        assertSame(back.get(0).project(), back.get(2).project(), "sent once, shared by every spec read back");
    }

    @Test
    void aTimeOutOfRangeIsRefusedInWords() {
        byte[] start = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);
            out.writeBoolean(true);
            out.writeLong(Long.MAX_VALUE); // seconds beyond Instant.MAX
            out.writeInt(0);
        }, (byte) 5);
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> read(start));
        assertTrue(e.getMessage().contains("time that came in is out of range"), e.getMessage());
    }

    @Test
    void anotherFormatOrKindIsRefusedInWords() {
        InvalidObjectException format = assertThrows(InvalidObjectException.class,
                () -> read(raw(out -> {
                    out.writeByte(CompactForm.FORMAT + 1);
                    out.writeByte(1);
                })));
        assertTrue(format.getMessage().contains("same TaskGrid version"), format.getMessage());
        InvalidObjectException kind = assertThrows(InvalidObjectException.class, () -> read(forged(out -> { }, (byte) 99)));
        assertTrue(kind.getMessage().contains("Unknown kind"), kind.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompactForm.of("a string"));
    }

    @Test
    void aProgramLengthWithoutItsBytesCostsNoMoreThanTheFirstChunk() throws Exception {
        byte[] declaredOnly = forged(out -> {
            out.writeLong(5);
            out.writeInt(1);
            out.writeLong(9);                      // the attempt's token
            CompactForm.writeString(out, "p");
            CompactForm.writeString(out, null);
            CompactForm.writeString(out, null);   // no shared path: an inline program
            CompactForm.writeString(out, "a.sh");
            out.writeInt(CompactForm.MAX_PROGRAM_BYTES); // 16 MB declared...
            out.write(new byte[10]);              // ...and ten sent
        }, (byte) 3);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        java.io.EOFException e = assertThrows(java.io.EOFException.class, () -> read(declaredOnly));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024 * 1024, "reading a declared 16 MB program of ten bytes allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains("after 10 of its"), e.getMessage());
    }

    @Test
    void aLargeInlineProgramStillGoesThrough() throws Exception {
        byte[] content = new byte[10 * 1024 * 1024 + 3];
        new java.util.Random(3).nextBytes(content);
        TaskSpec spec = TaskSpec.builder(ProgramSource.inline("big.bin", content)).build();
        TaskSpec back = (TaskSpec) roundTrip(spec);
        assertArrayEquals(content, back.program().inlineContent());
    }

    @Test
    void aProgramOnItsOwnComesBackPastAFilterThatBoundsArraysTo64Kb() throws Exception {
        byte[] content = new byte[1024 * 1024];
        new java.util.Random(5).nextBytes(content);
        ProgramSource inline = ProgramSource.inline("big.py", content);
        java.io.ObjectInputFilter filter = java.io.ObjectInputFilter.Config.createFilter(
                "maxarray=65536;io.taskgrid.api.**;java.lang.String;!*");
        for (ProgramSource program : List.of(inline, ProgramSource.shared("bin/run.sh"))) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(program)))) {
                in.setObjectInputFilter(filter);
                assertEquals(program, in.readObject());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(value)))) {
            return in.readObject();
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private interface Body {
        void write(ObjectOutputStream out) throws IOException;
    }

    /** The primitives a {@link CompactForm} of {@code kind} would read, after the current format. */
    private static byte[] forged(Body body, byte kind) {
        return raw(out -> {
            out.writeByte(CompactForm.FORMAT);
            out.writeByte(kind);
            body.write(out);
        });
    }

    private static byte[] raw(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                body.write(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads forged primitives the way a stream hands them to the form. */
    private static Object read(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            CompactForm form = new CompactForm();
            form.readExternal(in);
            return form;
        }
    }
}
