package io.taskgrid.fx;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.time.Duration;

/** Looks the controller up in its registry and opens a desktop session. */
final class RmiConnector implements Connector {
    private final String user;
    private final Duration timeout;

    RmiConnector(String user, Duration timeout) {
        this.user = user;
        this.timeout = timeout;
    }

    @Override
    public Gateway open(ControllerAddress address, ClientCallback callback) {
        try {
            Registry registry = LocateRegistry.getRegistry(address.host(), address.port(), new TimeoutSocketFactory(timeout));
            ControllerService service = (ControllerService) registry.lookup(ControllerService.REGISTRY_NAME);
            ClientSession session = service.openSession(new ClientHello(user, ClientKind.DESKTOP, null), callback);
            return new SessionGateway(session, address);
        } catch (NotBoundException e) {
            throw new GatewayException("There is an RMI registry at " + address + " but no TaskGrid controller in it;"
                    + " choose the controller's port in Connect to….", true, e);
        } catch (ClassCastException e) {
            throw new GatewayException("The service at " + address + " is not a TaskGrid controller; choose the"
                    + " controller's port in Connect to….", true, e);
        } catch (AccessDeniedException e) {
            throw new GatewayException("The controller at " + address + " refused this client: " + e.getMessage(), true, e);
        } catch (RemoteException e) {
            throw SessionGateway.translate(address, e);
        }
    }

    /** Registry connections that give up instead of hanging on a host that does not answer. */
    private record TimeoutSocketFactory(Duration timeout) implements RMIClientSocketFactory {
        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = new Socket();
            try {
                int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
                socket.connect(new InetSocketAddress(host, port), millis);
                socket.setSoTimeout(millis);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
    }
}
