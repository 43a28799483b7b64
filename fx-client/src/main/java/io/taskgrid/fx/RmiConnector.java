package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.users.OwnerToken;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.policy.transport.RmiTransport;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.Objects;

/**
 * Looks the controller up in its registry (plain or TLS, as the {@link RmiTransport} speaks) and opens a desktop
 * session with the given credentials.
 */
final class RmiConnector implements Connector {
    private final RmiTransport transport;
    private final Duration timeout;

    RmiConnector(RmiTransport transport, Duration timeout) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Gateway open(ControllerAddress address, Credentials credentials, ClientCallback callback) {
        try {
            Registry registry = transport.registry(address.host(), address.port(), timeout);
            ControllerService service = (ControllerService) registry.lookup(ControllerService.REGISTRY_NAME);
            ClientSession session = openSession(service, address, credentials, callback, OwnerToken.find(address.host(), address.port()));
            return new SessionGateway(session, address);
        } catch (NotBoundException e) {
            throw new GatewayException("There is an RMI registry at " + address + " but no TaskGrid controller in it;"
                    + " choose the controller's port in Connect to….", true, e);
        } catch (ClassCastException e) {
            throw new GatewayException("The service at " + address + " is not a TaskGrid controller; choose the"
                    + " controller's port in Connect to….", true, e);
        } catch (RemoteException e) {
            throw SessionGateway.translate(address, e);
        }
    }

    private static ClientSession openSession(ControllerService service, ControllerAddress address, Credentials credentials,
                                             ClientCallback callback, String ownerToken) throws RemoteException {
        try {
            return service.openSession(new ClientHello(credentials.user(), ClientKind.DESKTOP, credentials.password(), ownerToken),
                    callback);
        } catch (LoginRequiredException e) {
            throw new LoginNeededException(e.getMessage(), false, e);
        } catch (AccessDeniedException e) {
            if (credentials.password() != null && asksForLogIn(service, credentials.user(), ownerToken)) {
                // This address may connect and the controller wants a log-in: the user name or password was wrong.
                throw new LoginNeededException(e.getMessage(), true, e);
            }
            throw new GatewayException("The controller at " + address + " refused this client: " + e.getMessage(), true, e);
        }
    }

    /**
     * Whether the controller lets this address in and only wants credentials: a hello without a password is
     * answered with {@link LoginRequiredException} (checked before the password, so it costs no slowed-down attempt).
     */
    private static boolean asksForLogIn(ControllerService service, String user, String ownerToken) throws RemoteException {
        try {
            service.openSession(new ClientHello(user, ClientKind.DESKTOP, null, ownerToken), null).close();
            return false;
        } catch (LoginRequiredException e) {
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }
}
