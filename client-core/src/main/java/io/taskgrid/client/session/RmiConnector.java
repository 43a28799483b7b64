package io.taskgrid.client.session;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.OwnerToken;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.Objects;

/**
 * Reaches a controller over RMI: looks up {@link ControllerService#REGISTRY_NAME} in its registry through the
 * process's {@link RmiTransport} (plain or mutual TLS, with a connect timeout) and opens a session of this client's
 * kind, offering the owner's token when this machine has one for that controller.
 */
public final class RmiConnector implements Connector {
    /** How long connecting to the registry may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final RmiTransport transport;
    private final Duration timeout;
    private final ClientKind kind;
    private final Directions directions;

    public RmiConnector(RmiTransport transport, Duration timeout, ClientKind kind, Directions directions) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.directions = Objects.requireNonNull(directions, "directions");
    }

    @Override
    public ControllerGateway open(ControllerAddress address, Credentials credentials, ClientCallback callback) {
        try {
            Registry registry = transport.registry(address.host(), address.port(), timeout);
            ControllerService service = (ControllerService) registry.lookup(ControllerService.REGISTRY_NAME);
            String ownerToken = OwnerToken.find(address.host(), address.port());
            ClientSession session = openSession(service, address, credentials, callback, ownerToken);
            return ControllerGateway.over(session, address, directions);
        } catch (NotBoundException e) {
            throw new ControllerUnreachableException("There is an RMI registry at " + address + " but no TaskGrid controller"
                    + " in it. " + directions.choosePort() + ", or start one with `taskgrid local`.", e);
        } catch (ClassCastException e) {
            throw new ControllerUnreachableException("The service at " + address + " is not a TaskGrid controller. "
                    + directions.choosePort() + ".", e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e, directions);
        }
    }

    private ClientSession openSession(ControllerService service, ControllerAddress address, Credentials credentials,
                                      ClientCallback callback, String ownerToken) throws RemoteException {
        try {
            return service.openSession(new ClientHello(credentials.user(), kind, credentials.password(), ownerToken), callback);
        } catch (LoginRequiredException e) {
            throw new LoginNeededException(e.getMessage(), false, e);
        } catch (AccessDeniedException e) {
            if (credentials.password() != null && asksForLogIn(service, credentials.user(), ownerToken)) {
                // This address may connect and the controller wants a log-in: the user name or password was wrong.
                throw new LoginNeededException(e.getMessage(), true, e);
            }
            throw new AccessRefusedException("The controller at " + address + " refused this client: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the controller lets this address in and only wants credentials: a hello without a password is
     * answered with {@link LoginRequiredException} (checked before the password, so it costs no slowed-down attempt).
     */
    private boolean asksForLogIn(ControllerService service, String user, String ownerToken) throws RemoteException {
        try {
            service.openSession(new ClientHello(user, kind, null, ownerToken), null).close();
            return false;
        } catch (LoginRequiredException e) {
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }
}
