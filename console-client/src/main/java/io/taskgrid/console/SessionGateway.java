package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The gateway over a real session stub: the one place where {@link RemoteException} is translated. */
final class SessionGateway implements ControllerGateway {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGateway.class);

    private final ClientSession session;
    private final ControllerAddress address;
    private boolean closed;

    SessionGateway(ClientSession session, ControllerAddress address) {
        this.session = Objects.requireNonNull(session, "session");
        this.address = Objects.requireNonNull(address, "address");
    }

    @Override
    public ControllerAddress address() {
        return address;
    }

    @Override
    public ControllerInfo info() {
        try {
            return session.info();
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        try {
            return session.submit(spec);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) {
        try {
            // A copy: callers pass views such as subList, which cannot be serialized.
            return session.submitAll(List.copyOf(specs));
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public TaskRecord task(long taskId) {
        try {
            return session.task(taskId);
        } catch (NoSuchTaskException e) {
            throw new UnknownTaskException(taskId, e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        try {
            return session.attempts(taskId);
        } catch (NoSuchTaskException e) {
            throw new UnknownTaskException(taskId, e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        try {
            return session.history(query);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public TaskRecord cancel(long taskId) {
        try {
            return session.cancel(taskId);
        } catch (NoSuchTaskException e) {
            throw new UnknownTaskException(taskId, e);
        } catch (AccessDeniedException e) {
            throw new AccessRefusedException(e.getMessage(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public List<AgentInfo> agents() {
        try {
            return session.agents();
        } catch (AccessDeniedException e) {
            throw new AccessRefusedException(e.getMessage(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public List<ClientInfo> clients() {
        try {
            return session.clients();
        } catch (AccessDeniedException e) {
            throw new AccessRefusedException(e.getMessage(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        try {
            return session.events(afterSequence, maxWait);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (RemoteException e) {
            // The command's work is done; the controller drops the session on its own (lease expiry).
            LOG.debug("Could not close the session with the controller at {}; it will expire by itself.", address, e);
        }
    }
}
