package io.taskgrid.console;

import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.session.Connector;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.Credentials;
import io.taskgrid.client.session.RmiConnector;
import io.taskgrid.policy.transport.RmiTransport;

import java.util.Arrays;
import java.util.Objects;

/**
 * The console's log-in: opens a session without a callback (the console pulls events, which works over ssh and
 * through NAT) as the given user; when the controller wants a password and none was given, asks for it once at the
 * terminal.
 */
public final class TerminalLogin implements ControllerConnector {
    /** How the console's sentences name its own controls. */
    public static final Directions DIRECTIONS = new Directions(
            "point --controller / TASKGRID_CONTROLLER at it",
            "Point --controller / TASKGRID_CONTROLLER at the controller's port",
            "`taskgrid history` lists the known tasks",
            "Run the command again to log in");

    private final Connector connector;
    private final Credentials credentials;
    private final PasswordPrompt prompt;

    public TerminalLogin(Connector connector, Credentials credentials, PasswordPrompt prompt) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /** Over RMI through {@code transport} (plain or TLS), as {@code user} with {@code password} (may be {@code null}). */
    public static TerminalLogin rmi(RmiTransport transport, String user, String password, PasswordPrompt prompt) {
        return new TerminalLogin(new RmiConnector(transport, RmiConnector.DEFAULT_TIMEOUT, ClientKind.CONSOLE, DIRECTIONS),
                new Credentials(user == null || user.isBlank() ? "unknown" : user, password), prompt);
    }

    @Override
    public ControllerConnector askingWith(PasswordPrompt other) {
        return new TerminalLogin(connector, credentials, other);
    }

    @Override
    public ControllerGateway connect(ControllerAddress address) {
        try {
            return connector.open(address, credentials, null);
        } catch (LoginNeededException e) {
            if (e.wrongCredentials()) {
                throw new AccessRefusedException("The controller at " + address + " refused this client: " + e.getMessage(), e);
            }
            char[] typed = credentials.password() == null
                    ? prompt.ask("Password for " + credentials.user() + " at " + address + ": ") : null;
            if (typed == null) {
                throw new AccessRefusedException("The controller at " + address + " asks for a log-in. Set TASKGRID_PASSWORD"
                        + " (and TASKGRID_USER if your user there is not " + credentials.user() + "), or run the command in a"
                        + " terminal to be asked.", e);
            }
            try {
                return connector.open(address, credentials.withPassword(new String(typed)), null);
            } catch (LoginNeededException wrong) {
                throw new AccessRefusedException("The controller at " + address + " refused this client: " + wrong.getMessage(), wrong);
            } finally {
                Arrays.fill(typed, '\0');
            }
        }
    }
}
