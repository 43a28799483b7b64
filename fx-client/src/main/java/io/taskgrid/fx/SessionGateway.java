package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The gateway over a real session stub: the one place where {@link RemoteException} is translated. */
final class SessionGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGateway.class);

    private final ClientSession session;
    private final ControllerAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    SessionGateway(ClientSession session, ControllerAddress address) {
        this.session = session;
        this.address = address;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws RemoteException, NoSuchTaskException, AccessDeniedException;
    }

    private <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (NoSuchTaskException | AccessDeniedException e) {
            throw GatewayException.refused(e.getMessage(), e);
        } catch (RemoteException e) {
            throw translate(address, e);
        }
    }

    @Override
    public ControllerAddress address() {
        return address;
    }

    @Override
    public ControllerInfo info() {
        return call(session::info);
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        return call(() -> session.submit(spec));
    }

    @Override
    public TaskRecord task(long taskId) {
        return call(() -> session.task(taskId));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        return call(() -> session.history(query));
    }

    @Override
    public TaskRecord cancel(long taskId) {
        return call(() -> session.cancel(taskId));
    }

    @Override
    public List<AgentInfo> agents() {
        return call(session::agents);
    }

    @Override
    public List<ClientInfo> clients() {
        return call(session::clients);
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return call(() -> session.events(afterSequence, maxWait));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            session.close();
        } catch (RemoteException e) {
            LOG.debug("Could not close the session with the controller at {}; it ends by itself.", address, e);
        }
    }

    /** One sentence on a failed remote call; every translated failure means the connection is lost. */
    static GatewayException translate(ControllerAddress address, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nested = detail.indexOf("; nested exception is");
        detail = nested > 0 ? detail.substring(0, nested) : detail;
        if (root instanceof UnknownHostException) {
            return new GatewayException("Cannot reach the controller at " + address + ": unknown host " + address.host()
                    + ". Check the name in Connect to….", true, e);
        }
        if (e instanceof NoSuchObjectException) {
            return new GatewayException("The controller at " + address + " ended this session (it restarted or dropped"
                    + " this client).", true, e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException || e instanceof java.rmi.ConnectException
                || e instanceof java.rmi.ConnectIOException) {
            return new GatewayException("Cannot reach the controller at " + address + " (" + detail + "). Start one with"
                    + " `taskgrid local`, or choose another in Connect to….", true, e);
        }
        return new GatewayException("The controller at " + address + " broke off the call (" + detail + "). Check that it"
                + " runs the same TaskGrid version as this client.", true, e);
    }
}
