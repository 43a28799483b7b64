package io.taskgrid.policy.transport;

import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.rmi.server.UnicastRemoteObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialFilterTest {

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        List<String> rejected = new ArrayList<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status s = SerialFilter.filter().checkInput(info);
                if (s == ObjectInputFilter.Status.REJECTED) {
                    rejected.add(String.valueOf(info.serialClass()) + " depth " + info.depth() + " array " + info.arrayLength());
                }
                return s;
            });
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new InvalidClassException(e.getMessage() + " " + rejected);
        }
    }

    @Test
    void admitsApiRecordsWithTheirCollectionsAndTimes() throws Exception {
        AgentRegistration r = new AgentRegistration("a1", "host", 2, List.of(new RuntimeInfo(Language.PYTHON, "python3", "3.11")),
                "1", List.of(new io.taskgrid.api.agent.HeldAttempt(1, 1, 11L), new io.taskgrid.api.agent.HeldAttempt(2, 3, 12L)));
        assertEquals(r, roundTrip(r));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), roundTrip(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(HistoryQuery.newest(5), roundTrip(HistoryQuery.newest(5)));
    }

    @Test
    void admitsARemoteStubAndExceptions() throws Exception {
        AgentService service = new AgentService() {
            @Override
            public void execute(TaskAssignment assignment) {
            }

            @Override
            public boolean cancel(long taskId, long token, String reason) {
                return false;
            }
        };
        Object stub = UnicastRemoteObject.exportObject(service, 0);
        try {
            assertInstanceOf(AgentService.class, roundTrip(stub));
            assertInstanceOf(java.rmi.ServerException.class, roundTrip(new java.rmi.ServerException("x", new IllegalStateException("y"))));
        } finally {
            UnicastRemoteObject.unexportObject(service, true);
        }
    }

    static final class Foreign implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void rejectsAClassNotOnTheList() {
        InvalidClassException e = assertThrows(InvalidClassException.class, () -> roundTrip(new Foreign()));
        assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
        assertThrows(InvalidClassException.class, () -> roundTrip(new java.util.concurrent.ConcurrentHashMap<String, String>()));
    }

    @Test
    void rejectsAnArrayLongerThanTheLimitAndNestingDeeperThanTheLimit() {
        assertThrows(InvalidClassException.class, () -> roundTrip(new byte[SerialFilter.MAX_PRIMITIVE_ARRAY_BYTES + 1]));
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < SerialFilter.MAX_DEPTH + 5; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThrows(InvalidClassException.class, () -> roundTrip(deep));
    }

    // ------------------------------------------------------------------ issue 18, finding 5: declared lengths

    @Test
    void aDeclaredLongArrayIsRefusedBeforeItIsAllocated() {
        // 20 bytes that declared 128 MB before: long[16M] was within the old limit of 16M elements.
        for (Class<?> type : List.of(long[].class, byte[].class, Object[].class, String[].class)) {
            long allocated = allocatedWhileReading(HostileArrays.declared(type, 16 * 1024 * 1024));
            assertTrue(allocated < 1024 * 1024, "reading a declared " + type.getSimpleName() + " of 16M allocated " + allocated);
        }
    }

    @Test
    void nestedArraysDeclaredAtTheLimitsCostAboutOneMegabyte() {
        int[] lengths = new int[SerialFilter.MAX_DEPTH];
        java.util.Arrays.fill(lengths, SerialFilter.MAX_DEEP_ARRAY);
        for (int i = 0; i < SerialFilter.TOP_DEPTH; i++) {
            lengths[i] = SerialFilter.MAX_TOP_ARRAY;
        }
        long allocated = allocatedWhileReading(HostileArrays.nested(lengths));
        assertTrue(allocated < 1536 * 1024, "the worst chain of declared arrays allocated " + allocated + " bytes");

        int[] deepAndLong = {1, 1, 1, SerialFilter.MAX_DEEP_ARRAY + 1};
        assertThrows(InvalidClassException.class, () -> read(HostileArrays.nested(deepAndLong)));
        int[] topAndTooLong = {SerialFilter.MAX_TOP_ARRAY + 1};
        assertThrows(InvalidClassException.class, () -> read(HostileArrays.nested(topAndTooLong)));
    }

    @Test
    void whatTheApiCarriesStillFits() throws Exception {
        List<io.taskgrid.api.task.TaskRecord> page = new ArrayList<>();
        for (int i = 0; i < HistoryQuery.MAX_LIMIT; i++) {
            page.add(io.taskgrid.api.task.TaskRecord.builder().id(i).project("p").program("a.sh")
                    .state(io.taskgrid.api.task.TaskState.QUEUED).submittedAt(Instant.EPOCH).attempt(1).build());
        }
        assertEquals(page, roundTrip(page));
        assertEquals(List.copyOf(page), roundTrip(List.copyOf(page)));

        List<io.taskgrid.api.task.TaskSpec> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(io.taskgrid.api.task.TaskSpec.builder(io.taskgrid.api.task.ProgramSource.inline("a" + i + ".py",
                    "print(1)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).arguments(List.of("x", "y")).build());
        }
        assertEquals(batch.size(), ((List<?>) roundTrip(List.copyOf(batch))).size());

        StackOverflowError overflow = assertThrows(StackOverflowError.class, SerialFilterTest::recurse);
        java.rmi.ServerException wrapped = new java.rmi.ServerException("call failed",
                new java.rmi.RemoteException("inner", new IllegalStateException("cause", overflow)));
        java.rmi.ServerException back = (java.rmi.ServerException) roundTrip(wrapped);
        assertEquals(overflow.getStackTrace().length, back.getCause().getCause().getCause().getStackTrace().length);
    }

    private static int recurse() {
        return recurse() + 1;
    }

    private static long allocatedWhileReading(byte[] stream) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThrows(IOException.class, () -> read(stream));
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static Object read(byte[] stream) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stream))) {
            in.setObjectInputFilter(SerialFilter.filter());
            return in.readObject();
        }
    }
}
