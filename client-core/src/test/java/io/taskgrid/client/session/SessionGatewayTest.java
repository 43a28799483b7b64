package io.taskgrid.client.session;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.UnknownTaskException;
import org.junit.jupiter.api.Test;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.taskgrid.client.TestDirections.DIRECTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionGatewayTest {
    private static final ControllerAddress ADDRESS = new ControllerAddress("localhost", 1099);
    private final RefusingSession session = new RefusingSession();
    private final ControllerGateway gateway = ControllerGateway.over(session, ADDRESS, DIRECTIONS);

    @Test
    void anUnknownTaskSaysWhereTheKnownOnesAre() {
        UnknownTaskException e = assertThrows(UnknownTaskException.class, () -> gateway.task(404));

        assertEquals(404, e.taskId());
        assertEquals("There is no task 404; the list has them.", e.getMessage());
        assertInstanceOf(NoSuchTaskException.class, e.getCause());
        assertThrows(UnknownTaskException.class, () -> gateway.cancel(404));
    }

    @Test
    void anOldControllerRefusesTheArrayCallsInASentence() {
        io.taskgrid.client.InputRefusedException e = assertThrows(io.taskgrid.client.InputRefusedException.class,
                () -> gateway.array(42));
        assertEquals("This controller has no task arrays; update it to a version that has.", e.getMessage());
        assertThrows(io.taskgrid.client.InputRefusedException.class, () -> gateway.member(42, 7));
        assertThrows(io.taskgrid.client.InputRefusedException.class, () -> gateway.cancelArray(42));
        assertEquals("This controller has no dependencies; update it to a version that has.",
                assertThrows(io.taskgrid.client.InputRefusedException.class, () -> gateway.dependants(42, 20)).getMessage());
    }

    @Test
    void aRefusalKeepsTheControllersSentence() {
        AccessRefusedException e = assertThrows(AccessRefusedException.class, gateway::clients);

        assertEquals("Only administrators may list the clients.", e.getMessage());
    }

    @Test
    void aSessionTheControllerDroppedIsALostConnection() {
        ControllerUnreachableException e = assertThrows(ControllerUnreachableException.class, gateway::info);

        assertEquals("The controller at localhost:1099 ended this session (it restarted or dropped this client).", e.getMessage());
    }

    @Test
    void closingTwiceEndsTheSessionOnceAndNeverThrows() {
        gateway.close();
        gateway.close();

        assertEquals(1, session.closed.get());
    }

    /** A session whose controller restarted (info), that knows no task and refuses the client list. */
    private static final class RefusingSession implements ClientSession {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public ControllerInfo info() throws RemoteException {
            throw new NoSuchObjectException("no such object in table");
        }

        @Override
        public TaskRecord submit(TaskSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TaskRecord> submitAll(List<TaskSpec> specs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskRecord task(long taskId) throws NoSuchTaskException {
            throw new NoSuchTaskException(taskId);
        }

        @Override
        public List<TaskRecord> history(HistoryQuery query) {
            return List.of();
        }

        @Override
        public TaskRecord cancel(long taskId) throws NoSuchTaskException {
            throw new NoSuchTaskException(taskId);
        }

        @Override
        public List<AgentInfo> agents() {
            return List.of();
        }

        @Override
        public List<ClientInfo> clients() throws AccessDeniedException {
            throw new AccessDeniedException("Only administrators may list the clients.");
        }

        @Override
        public EventBatch events(long afterSequence, Duration maxWait) {
            return new EventBatch(List.of(), afterSequence, false);
        }

        @Override
        public void close() throws RemoteException {
            if (closed.incrementAndGet() > 1) {
                throw new RemoteException("closed twice");
            }
        }
    }
}
