package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.users.OwnerToken;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;

import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Reaches a controller over RMI: looks up {@link ControllerService#REGISTRY_NAME} in the registry at the
 * address and opens a console session without a callback (the console pulls events, which works over ssh
 * and through NAT).
 */
public final class RmiControllerConnector implements ControllerConnector {
    /** How long connecting to the registry and its answer may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String user;
    private final String password;
    private final Duration timeout;
    private final boolean tls;
    private final PasswordPrompt prompt;

    /** The current user, no password, {@link #DEFAULT_TIMEOUT}. */
    public RmiControllerConnector() {
        this(System.getProperty("user.name"), null, DEFAULT_TIMEOUT);
    }

    /**
     * @param user     user name sent in the hello
     * @param password password for log-in, or {@code null}
     * @param timeout  limit for connecting to the registry and for its answer
     */
    public RmiControllerConnector(String user, String password, Duration timeout) {
        this(user, password, timeout, false, PasswordPrompt.none());
    }

    /**
     * @param tls    whether the controller's registry speaks TLS (the process's default SSL context must hold this
     *               client's key and the installation's CA, see {@code RmiTransport.tls})
     * @param prompt asked for the password when the controller wants a log-in and {@code password} is {@code null}
     */
    public RmiControllerConnector(String user, String password, Duration timeout, boolean tls, PasswordPrompt prompt) {
        this.user = user == null || user.isBlank() ? "unknown" : user;
        this.password = password;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tls = tls;
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public ControllerGateway connect(ControllerAddress address) {
        try {
            Registry registry = LocateRegistry.getRegistry(address.host(), address.port(),
                    tls ? new SslRMIClientSocketFactory() : new TimeoutSocketFactory(timeout));
            ControllerService service = (ControllerService) registry.lookup(ControllerService.REGISTRY_NAME);
            ClientSession session;
            String ownerToken = OwnerToken.find(address.host(), address.port());
            try {
                session = service.openSession(new ClientHello(user, ClientKind.CONSOLE, password, ownerToken), null);
            } catch (LoginRequiredException e) {
                char[] typed = password == null ? prompt.ask("Password for " + user + " at " + address + ": ") : null;
                if (typed == null) {
                    throw new AccessRefusedException("The controller at " + address + " asks for a log-in. Set TASKGRID_PASSWORD"
                            + " (and TASKGRID_USER if your user there is not " + user + "), or run the command in a terminal"
                            + " to be asked.", e);
                }
                session = service.openSession(new ClientHello(user, ClientKind.CONSOLE, new String(typed), ownerToken), null);
                java.util.Arrays.fill(typed, '\0');
            }
            return ControllerGateway.over(session, address);
        } catch (NotBoundException e) {
            throw new ControllerUnreachableException("There is an RMI registry at " + address + " but no TaskGrid controller"
                    + " in it. Point --controller / TASKGRID_CONTROLLER at the controller's port, or start one with `taskgrid local`.", e);
        } catch (ClassCastException e) {
            throw new ControllerUnreachableException("The service at " + address + " is not a TaskGrid controller. Point"
                    + " --controller / TASKGRID_CONTROLLER at the controller's port.", e);
        } catch (AccessDeniedException e) {
            throw new AccessRefusedException("The controller at " + address + " refused this client: " + e.getMessage(), e);
        } catch (RemoteException e) {
            throw RemoteFailures.translate(address, e);
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
