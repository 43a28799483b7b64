package io.taskgrid.api;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.io.EOFException;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serial form of the records that cross the network for every task (a submission, its history record, an
 * assignment, a start and an outcome): their fields written one after the other, where Java serialization of the
 * records themselves wrote, and read back, the name and type of every field of every class in every remote call
 * (RMI starts a new object stream per call). Reading them took about a tenth of the controller's CPU on a burst of
 * single submissions (perf, 2026-12-06).
 *
 * <p>The records put this form in their place ({@code writeReplace}); it turns back into the record when it is read
 * ({@code readResolve}), through the record's canonical constructor, so everything the record checks is checked
 * again on the receiving side. Strings go through the stream as usual (its filter bounds them, and a repeated one is
 * sent once); the lengths of the rest are bounded before anything is allocated for them.
 */
public final class CompactForm implements Externalizable {
    private static final long serialVersionUID = 1L;
    /** The layout below; a reader refuses another in words rather than misreading it. */
    static final byte FORMAT = 8; // 2: the submitter's environment variables; 3: attempt tokens; 4: held tasks (a spec asks for it, a record says who held it); 5: required labels (and a spec's wait for an agent); 6: resource requests and peak memory; 7: retries on failure (a spec's policy, a record's policy, retries used and next retry); 8: arrays and dependencies
    /** Longest inline program: 10 MB fit, as in the RMI serial filter (which bounds the strings itself). */
    static final int MAX_PROGRAM_BYTES = 16 * 1024 * 1024;
    /** What reading an inline program allocates before its bytes arrive; it grows as they do. */
    static final int FIRST_CHUNK = 64 * 1024;
    /** Most entries of a list (a task's arguments). */
    static final int MAX_ENTRIES = 1_000_000;
    /** Most environment variables of a task read (the controller accepts far fewer). */
    static final int MAX_VARIABLES = 10_000;

    private static final byte SPEC = 1;
    private static final byte RECORD = 2;
    private static final byte ASSIGNMENT = 3;
    private static final byte OUTCOME = 4;
    private static final byte START = 5;
    /** A program on its own: what {@code ClientSession.program} answers (an inline one is larger than the filter's arrays). */
    private static final byte PROGRAM = 6;

    private Object value;

    /** For deserialization only; {@link #of} makes one to write. */
    public CompactForm() {
    }

    private CompactForm(Object value) {
        this.value = value;
    }

    /** The form that stands for {@code value} (one of the records named above) in a stream. */
    public static CompactForm of(Object value) {
        if (!(value instanceof TaskSpec || value instanceof TaskRecord || value instanceof TaskAssignment
                || value instanceof TaskOutcome || value instanceof TaskStart || value instanceof ProgramSource)) {
            throw new IllegalArgumentException("No compact form for " + (value == null ? "null" : value.getClass().getName()));
        }
        return new CompactForm(value);
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeByte(FORMAT);
        if (value instanceof TaskSpec spec) {
            out.writeByte(SPEC);
            writeSpec(out, spec);
        } else if (value instanceof TaskRecord record) {
            out.writeByte(RECORD);
            writeRecord(out, record);
        } else if (value instanceof TaskAssignment assignment) {
            out.writeByte(ASSIGNMENT);
            writeAssignment(out, assignment);
        } else if (value instanceof TaskOutcome outcome) {
            out.writeByte(OUTCOME);
            writeOutcome(out, outcome);
        } else if (value instanceof ProgramSource program) {
            out.writeByte(PROGRAM);
            writeProgram(out, program);
        } else if (value instanceof TaskStart start) {
            out.writeByte(START);
            out.writeLong(start.taskId());
            out.writeInt(start.attempt());
            out.writeLong(start.token());
            writeInstant(out, start.startedAt());
        } else {
            throw new InvalidObjectException("Nothing to write: this form was not made by CompactForm.of.");
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new InvalidObjectException("A task record in serial format " + format + " came in; this TaskGrid reads"
                    + " format " + FORMAT + ". Run the same TaskGrid version on the controller, the agents and the clients.");
        }
        byte kind = in.readByte();
        try {
            value = switch (kind) {
                case SPEC -> readSpec(in);
                case RECORD -> readRecord(in);
                case ASSIGNMENT -> readAssignment(in);
                case OUTCOME -> readOutcome(in);
                case START -> new TaskStart(in.readLong(), in.readInt(), in.readLong(), readInstant(in));
                case PROGRAM -> readProgram(in);
                default -> throw new InvalidObjectException("Unknown kind of task record in the stream: " + kind + ".");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            // The record's constructor refused what came in: the same refusal as for the record itself.
            InvalidObjectException refused = new InvalidObjectException("A task record that came in is not valid: "
                    + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }

    private Object readResolve() throws ObjectStreamException {
        if (value == null) {
            throw new InvalidObjectException("A compact task record was read without its content.");
        }
        return value;
    }

    // ------------------------------------------------------------------ the records

    private static void writeSpec(ObjectOutput out, TaskSpec s) throws IOException {
        writeString(out, s.project());
        writeString(out, s.projectId());
        writeProgram(out, s.program());
        writeStrings(out, s.arguments());
        writeString(out, s.dataPath());
        writeString(out, s.email());
        writeDuration(out, s.timeout());
        out.writeInt(s.priority());
        out.writeBoolean(s.force());
        writeString(out, s.dedup().name());
        writeVariables(out, s.environment());
        out.writeBoolean(s.hold());
        writeStrings(out, s.requires());
        out.writeBoolean(s.waitForAgent());
        writeResources(out, s.resources());
        writeRetry(out, s.retry());
        writeArray(out, s.array());
        writeDependencies(out, s.after());
    }

    private static TaskSpec readSpec(ObjectInput in) throws IOException {
        return new TaskSpec(readString(in), readString(in), readProgram(in), readStrings(in), readString(in),
                readString(in), readDuration(in), in.readInt(), in.readBoolean(), readEnum(in, DedupMode.class),
                readVariables(in), in.readBoolean(), readStrings(in), in.readBoolean(), readResources(in), readRetry(in),
                readArray(in), readDependencies(in));
    }

    private static void writeRecord(ObjectOutput out, TaskRecord r) throws IOException {
        out.writeLong(r.id());
        writeString(out, r.project());
        writeString(out, r.projectId());
        writeString(out, r.program());
        writeString(out, r.language() == null ? null : r.language().name());
        writeStrings(out, r.arguments());
        writeString(out, r.dataPath());
        writeString(out, r.email());
        writeDuration(out, r.timeout());
        out.writeInt(r.priority());
        writeString(out, r.state().name());
        writeString(out, r.agentId());
        writeString(out, r.agentHost());
        writeInteger(out, r.exitCode());
        writeString(out, r.output());
        writeString(out, r.errorOutput());
        writeString(out, r.message());
        writeInstant(out, r.submittedAt());
        writeInstant(out, r.startedAt());
        writeInstant(out, r.endedAt());
        writeString(out, r.resultPath());
        writeString(out, r.clientUser());
        writeString(out, r.clientHost());
        out.writeInt(r.attempt());
        out.writeBoolean(r.duplicateOf() != null);
        if (r.duplicateOf() != null) {
            out.writeLong(r.duplicateOf());
        }
        writeUsage(out, r.usage());
        writeString(out, r.waitReason());
        writeString(out, r.mailStatus());
        out.writeBoolean(r.outputWithheld());
        writeString(out, r.heldBy());
        writeStrings(out, r.requirements().required());
        writeStrings(out, r.requirements().avoided());
        writeResources(out, r.resources());
        writeRetry(out, r.retry());
        out.writeInt(r.retriesUsed());
        writeInstant(out, r.retryAt());
        out.writeBoolean(r.arrayId() != null);
        if (r.arrayId() != null) {
            out.writeLong(r.arrayId());
            out.writeInt(r.arrayIndex());
        }
        writeDependencies(out, r.after());
    }

    private static TaskRecord readRecord(ObjectInput in) throws IOException {
        long id = in.readLong();
        String project = readString(in);
        String projectId = readString(in);
        String program = readString(in);
        Language language = readNullableEnum(in, Language.class);
        List<String> arguments = readStrings(in);
        String dataPath = readString(in);
        String email = readString(in);
        Duration timeout = readDuration(in);
        int priority = in.readInt();
        TaskState state = readEnum(in, TaskState.class);
        String agentId = readString(in);
        String agentHost = readString(in);
        Integer exitCode = readInteger(in);
        String output = readString(in);
        String errorOutput = readString(in);
        String message = readString(in);
        Instant submittedAt = readInstant(in);
        Instant startedAt = readInstant(in);
        Instant endedAt = readInstant(in);
        String resultPath = readString(in);
        String clientUser = readString(in);
        String clientHost = readString(in);
        int attempt = in.readInt();
        Long duplicateOf = in.readBoolean() ? in.readLong() : null;
        ResourceUsage usage = readUsage(in);
        String waitReason = readString(in);
        String mailStatus = readString(in);
        boolean outputWithheld = in.readBoolean();
        String heldBy = readString(in);
        List<String> required = readStrings(in);
        List<String> avoided = readStrings(in);
        Requirements requirements = required.isEmpty() && avoided.isEmpty() ? Requirements.NONE
                : new Requirements(required, avoided);
        Resources resources = readResources(in);
        RetryPolicy retry = readRetry(in);
        int retriesUsed = in.readInt();
        Instant retryAt = readInstant(in);
        boolean inArray = in.readBoolean();
        Long arrayId = inArray ? in.readLong() : null;
        Integer arrayIndex = inArray ? in.readInt() : null;
        List<Dependency> after = readDependencies(in);
        return new TaskRecord(id, project, projectId, program, language, arguments, dataPath, email, timeout, priority,
                state, agentId, agentHost, exitCode, output, errorOutput, message, submittedAt, startedAt, endedAt,
                resultPath, clientUser, clientHost, attempt, duplicateOf, usage, waitReason, mailStatus, outputWithheld, heldBy,
                requirements, resources, retry, retriesUsed, retryAt, arrayId, arrayIndex, after);
    }

    private static void writeAssignment(ObjectOutput out, TaskAssignment a) throws IOException {
        out.writeLong(a.taskId());
        out.writeInt(a.attempt());
        out.writeLong(a.token());
        writeString(out, a.project());
        writeString(out, a.projectId());
        writeProgram(out, a.program());
        writeString(out, a.language().name());
        writeStrings(out, a.arguments());
        writeString(out, a.dataPath());
        writeDuration(out, a.timeout());
        writeVariables(out, a.environment());
        writeResources(out, a.resources());
        out.writeBoolean(a.arrayId() != null);
        if (a.arrayId() != null) {
            out.writeLong(a.arrayId());
            out.writeInt(a.arrayIndex());
        }
    }

    private static TaskAssignment readAssignment(ObjectInput in) throws IOException {
        TaskAssignment a = new TaskAssignment(in.readLong(), in.readInt(), in.readLong(), readString(in), readString(in),
                readProgram(in), readEnum(in, Language.class), readStrings(in), readString(in), readDuration(in),
                readVariables(in), readResources(in));
        if (!in.readBoolean()) {
            return a;
        }
        return new TaskAssignment(a.taskId(), a.attempt(), a.token(), a.project(), a.projectId(), a.program(), a.language(),
                a.arguments(), a.dataPath(), a.timeout(), a.environment(), a.resources(), in.readLong(), in.readInt());
    }

    private static void writeOutcome(ObjectOutput out, TaskOutcome o) throws IOException {
        out.writeLong(o.taskId());
        out.writeInt(o.attempt());
        out.writeLong(o.token());
        writeString(out, o.state().name());
        writeInteger(out, o.exitCode());
        writeString(out, o.output());
        writeString(out, o.errorOutput());
        writeString(out, o.message());
        writeInstant(out, o.startedAt());
        writeInstant(out, o.endedAt());
        writeString(out, o.resultPath());
        writeUsage(out, o.usage());
    }

    private static TaskOutcome readOutcome(ObjectInput in) throws IOException {
        return new TaskOutcome(in.readLong(), in.readInt(), in.readLong(), readEnum(in, TaskState.class), readInteger(in),
                readString(in), readString(in), readString(in), readInstant(in), readInstant(in), readString(in),
                readUsage(in));
    }

    // ------------------------------------------------------------------ the values inside them

    private static void writeProgram(ObjectOutput out, ProgramSource p) throws IOException {
        writeString(out, p.sharedPath());
        writeString(out, p.fileName());
        byte[] inline = p.inlineContent();
        out.writeInt(inline == null ? -1 : inline.length);
        if (inline != null) {
            out.write(inline);
        }
    }

    private static ProgramSource readProgram(ObjectInput in) throws IOException {
        String sharedPath = readString(in);
        String fileName = readString(in);
        int length = in.readInt(); // -1: a shared program
        if (length < -1 || length > MAX_PROGRAM_BYTES) {
            throw new InvalidObjectException("The length of an inline program that came in is " + length
                    + "; it must be -1 to " + MAX_PROGRAM_BYTES + ".");
        }
        return new ProgramSource(sharedPath, fileName, length < 0 ? null : readBytes(in, length));
    }

    /**
     * {@code length} bytes, read in steps that at most double what came in so far: a stream that declares 16 MB and
     * sends ten bytes costs {@value #FIRST_CHUNK} bytes, not 16 MB (a declared length costs nothing to send).
     */
    private static byte[] readBytes(ObjectInput in, int length) throws IOException {
        byte[] bytes = new byte[Math.min(length, FIRST_CHUNK)];
        int have = 0;
        while (have < length) {
            if (have == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(length, 2L * bytes.length));
            }
            int n = in.read(bytes, have, bytes.length - have);
            if (n < 0) {
                throw new EOFException("An inline program that came in ends after " + have + " of its " + length + " bytes.");
            }
            have += n;
        }
        return bytes;
    }

    private static void writeUsage(ObjectOutput out, ResourceUsage u) throws IOException {
        out.writeBoolean(u != null);
        if (u != null) {
            out.writeDouble(u.cpuSeconds());
            out.writeLong(u.memoryBytes());
            out.writeLong(u.bytesRead());
            out.writeLong(u.peakMemoryBytes());
        }
    }

    private static void writeResources(ObjectOutput out, Resources r) throws IOException {
        out.writeInt(r.cpus());
        out.writeLong(r.memoryBytes());
    }

    private static Resources readResources(ObjectInput in) throws IOException {
        return Resources.of(in.readInt(), in.readLong());
    }

    /** An array's indexes and limit, or none. */
    private static void writeArray(ObjectOutput out, TaskArray a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            out.writeInt(a.first());
            out.writeInt(a.last());
            out.writeInt(a.step());
            out.writeInt(a.limit());
        }
    }

    private static TaskArray readArray(ObjectInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        try {
            return new TaskArray(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("An array that came in is refused: " + e.getMessage());
        }
    }

    /** What a task waits for: how many (at most {@link TaskSpec#MAX_DEPENDENCIES}), then each kind and id. */
    private static void writeDependencies(ObjectOutput out, List<Dependency> after) throws IOException {
        out.writeInt(after.size());
        for (Dependency d : after) {
            out.writeByte(d.kind().ordinal());
            out.writeLong(d.taskId());
        }
    }

    private static List<Dependency> readDependencies(ObjectInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > TaskSpec.MAX_DEPENDENCIES) {
            throw new InvalidObjectException(size + " dependencies came in; 0 to " + TaskSpec.MAX_DEPENDENCIES + " are read.");
        }
        if (size == 0) {
            return List.of();
        }
        Dependency.Kind[] kinds = Dependency.Kind.values();
        List<Dependency> after = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int kind = in.readByte();
            long id = in.readLong();
            if (kind < 0 || kind >= kinds.length || id < 1) {
                throw new InvalidObjectException("A dependency that came in is refused: kind " + kind + ", task " + id + ".");
            }
            after.add(new Dependency(kinds[kind], id));
        }
        return after;
    }

    /** A retry policy: its count, its delay and its exit codes (at most 255 of them, each 1 to 255). */
    private static void writeRetry(ObjectOutput out, RetryPolicy p) throws IOException {
        out.writeInt(p.retries());
        writeDuration(out, p.delay());
        out.writeInt(p.onExit().size());
        for (int code : p.onExit()) {
            out.writeInt(code);
        }
    }

    private static RetryPolicy readRetry(ObjectInput in) throws IOException {
        int retries = in.readInt();
        Duration delay = readDuration(in);
        int size = in.readInt();
        if (size < 0 || size > 255) {
            throw new InvalidObjectException("A retry policy with " + size + " exit codes came in; at most 255 are read.");
        }
        List<Integer> codes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            codes.add(in.readInt());
        }
        try {
            return RetryPolicy.of(retries, delay, codes);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("A retry policy that came in is refused: " + e.getMessage());
        }
    }

    private static ResourceUsage readUsage(ObjectInput in) throws IOException {
        return in.readBoolean() ? new ResourceUsage(in.readDouble(), in.readLong(), in.readLong(), in.readLong()) : null;
    }

    private static void writeInstant(ObjectOutput out, Instant t) throws IOException {
        writeSecondsAndNanos(out, t != null, t == null ? 0 : t.getEpochSecond(), t == null ? 0 : t.getNano());
    }

    private static Instant readInstant(ObjectInput in) throws IOException {
        return readSecondsAndNanos(in, Instant::ofEpochSecond, "time");
    }

    private static void writeDuration(ObjectOutput out, Duration d) throws IOException {
        writeSecondsAndNanos(out, d != null, d == null ? 0 : d.getSeconds(), d == null ? 0 : d.getNano());
    }

    private static Duration readDuration(ObjectInput in) throws IOException {
        return readSecondsAndNanos(in, Duration::ofSeconds, "duration");
    }

    /** A time or duration: whether it is there, then its seconds and nanoseconds. */
    private static void writeSecondsAndNanos(ObjectOutput out, boolean present, long seconds, int nanos) throws IOException {
        out.writeBoolean(present);
        if (present) {
            out.writeLong(seconds);
            out.writeInt(nanos);
        }
    }

    /** Makes a time or duration of seconds and nanoseconds, or throws when they are out of its range. */
    private interface SecondsAndNanos<T> {
        T of(long seconds, long nanos);
    }

    private static <T> T readSecondsAndNanos(ObjectInput in, SecondsAndNanos<T> make, String what) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long seconds = in.readLong();
        int nanos = in.readInt();
        try {
            return make.of(seconds, nanos);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new InvalidObjectException("A " + what + " that came in is out of range: " + e.getMessage());
        }
    }

    private static void writeInteger(ObjectOutput out, Integer i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) {
            out.writeInt(i);
        }
    }

    private static Integer readInteger(ObjectInput in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private static void writeStrings(ObjectOutput out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(ObjectInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_ENTRIES) {
            throw new InvalidObjectException("A list of " + size + " entries came in; at most " + MAX_ENTRIES + " are read.");
        }
        // Grown as entries arrive, so a length that lies cannot make us allocate a large array up front.
        List<String> out = new ArrayList<>(Math.min(size, 64));
        for (int i = 0; i < size; i++) {
            out.add(readString(in));
        }
        return out;
    }

    private static void writeVariables(ObjectOutput out, Map<String, String> variables) throws IOException {
        out.writeInt(variables.size());
        for (Map.Entry<String, String> e : variables.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readVariables(ObjectInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_VARIABLES) {
            throw new InvalidObjectException("A task with " + size + " environment variables came in; at most "
                    + MAX_VARIABLES + " are read.");
        }
        Map<String, String> out = new LinkedHashMap<>(Math.min(size, 64) * 2);
        for (int i = 0; i < size; i++) {
            out.put(readString(in), readString(in));
        }
        return out;
    }

    private static <E extends Enum<E>> E readEnum(ObjectInput in, Class<E> type) throws IOException {
        E e = readNullableEnum(in, type);
        if (e == null) {
            throw new InvalidObjectException("A " + type.getSimpleName() + " is missing in a task record that came in.");
        }
        return e;
    }

    private static <E extends Enum<E>> E readNullableEnum(ObjectInput in, Class<E> type) throws IOException {
        String name = readString(in);
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("Unknown " + type.getSimpleName() + " '" + name + "' in a task record that came"
                    + " in; run the same TaskGrid version everywhere.");
        }
    }

    /**
     * A string as the stream writes one: the same instance written again becomes a reference to the first, so the
     * values a batch repeats (project, program, host) are shared by the records read back, as they were when the
     * records themselves were serialized (100,000 queued tasks took 10 MB more with a string per field).
     */
    static void writeString(ObjectOutput out, String s) throws IOException {
        out.writeObject(s);
    }

    private static String readString(ObjectInput in) throws IOException {
        Object o;
        try {
            o = in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidObjectException("A task record that came in holds an unknown class where a text belongs: "
                    + e.getMessage());
        }
        if (o != null && !(o instanceof String)) {
            throw new InvalidObjectException("A task record that came in holds a " + o.getClass().getName()
                    + " where a text belongs.");
        }
        return (String) o;
    }
}
