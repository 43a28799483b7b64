package io.taskgrid.launcher;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.fx.DesktopClient;
import io.taskgrid.fx.DesktopOptions;
import io.taskgrid.policy.transport.PeerRole;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.transport.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code taskgrid gui}: the desktop client on a controller elsewhere. It logs in as TASKGRID_USER (default: the
 * login name) with TASKGRID_PASSWORD, or asks in a dialog when the controller wants a password; with a keystore and
 * truststore (options or TASKGRID_KEYSTORE / TASKGRID_TRUSTSTORE) it speaks mutual TLS, its callback included.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Opens the desktop client on a controller (\"Connect to…\" switches at run time).",
                "Log-in: TASKGRID_USER (default: your login name) and TASKGRID_PASSWORD, else a dialog asks when the"
                        + " controller wants a password.",
                "Example: taskgrid gui --controller grid-master:1099 --keystore laptop.p12 --truststore truststore.p12"})
final class GuiCommand implements Callable<Integer> {
    /** Starts the window and blocks until it is closed; a seam for tests. */
    @FunctionalInterface
    interface Window {
        void run(DesktopOptions options) throws InterruptedException;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--controller", paramLabel = "HOST[:PORT]",
            description = "The controller (default: the TASKGRID_CONTROLLER variable, else localhost:1099).")
    String controller;

    @Option(names = "--callback-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port on which the controller calls this client back (default: any free port).")
    int callbackPort;

    @Option(names = "--pull", description = "Do not ask for callbacks; pull events instead (behind NAT or a firewall).")
    boolean pull;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "This host's TLS key and certificate (PKCS12, from `taskgrid tls init`; default: $TASKGRID_KEYSTORE)."
                    + " Its password: $TASKGRID_KEYSTORE_PASSWORD or $TASKGRID_TLS_PASSWORD.")
    Path keystore;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "The installation's CA certificate (PKCS12; default: $TASKGRID_TRUSTSTORE)."
                    + " Its password: $TASKGRID_TRUSTSTORE_PASSWORD or $TASKGRID_TLS_PASSWORD.")
    Path truststore;

    private final ServerEnvironment environment;
    private final Function<TlsSettings, RmiTransport> tls;
    private final Window window;

    GuiCommand(ServerEnvironment environment) {
        this(environment, null, DesktopClient::run);
    }

    /**
     * @param tls    makes the TLS transport (null: {@link Transports#tls}, which sets the JVM's default SSL context)
     * @param window shows the window
     */
    GuiCommand(ServerEnvironment environment, Function<TlsSettings, RmiTransport> tls, Window window) {
        this.environment = environment;
        this.tls = tls;
        this.window = window;
    }

    @Override
    public Integer call() throws Exception {
        if (!environment.hasDisplay()) {
            throw new ParameterException(spec.commandLine(), "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set);"
                    + " run `taskgrid gui` on a desktop, or use the console commands (taskgrid submit, watch, history).");
        }
        window.run(options());
        return 0;
    }

    /** The window's options from the command line and the environment; TLS only when a keystore and truststore are given. */
    DesktopOptions options() {
        ControllerAddress address;
        try {
            address = address();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TlsSettings settings = Transports.settings(keystore, truststore, environment, spec);
        RmiTransport transport = settings == null ? RmiTransport.plain()
                : tls != null ? tls.apply(settings) : Transports.tls(settings, PeerRole.CLIENT,
                "true".equalsIgnoreCase(environment.variable(TlsOptions.VERIFY_HOSTNAMES_VARIABLE)), spec);
        String user = environment.variable(Main.USER_VARIABLE);
        try {
            return new DesktopOptions(address, user == null || user.isBlank() ? System.getProperty("user.name") : user,
                    environment.variable(UserCommand.PASSWORD_VARIABLE), callbackPort, pull, null, transport);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ControllerAddress address() {
        String text = controller;
        if (text == null && spec.parent() != null) {
            OptionSpec global = spec.parent().findOption("--controller");
            text = global == null ? null : global.getValue();
        }
        if (text == null) {
            text = environment.variable("TASKGRID_CONTROLLER");
        }
        return text == null || text.isBlank() ? new ControllerAddress("localhost", 1099) : ControllerAddress.parse(text);
    }
}
