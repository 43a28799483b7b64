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
                "1", List.of(1L, 2L));
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
            public boolean cancel(long taskId, String reason) {
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
        assertThrows(InvalidClassException.class, () -> roundTrip(new byte[SerialFilter.MAX_ARRAY + 1]));
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < SerialFilter.MAX_DEPTH + 5; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThrows(InvalidClassException.class, () -> roundTrip(deep));
    }
}
