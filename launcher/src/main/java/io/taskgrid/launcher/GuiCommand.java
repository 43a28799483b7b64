package io.taskgrid.launcher;

import io.taskgrid.fx.ControllerAddress;
import io.taskgrid.fx.DesktopClient;
import io.taskgrid.fx.DesktopOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Opens the desktop client on a controller (\"Connect to…\" switches at run time).",
                "Example: taskgrid gui --controller grid-master:1099"})
final class GuiCommand implements Callable<Integer> {
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

    private final ServerEnvironment environment;

    GuiCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (!environment.hasDisplay()) {
            throw new ParameterException(spec.commandLine(), "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set);"
                    + " run `taskgrid gui` on a desktop, or use the console commands (taskgrid submit, watch, history).");
        }
        DesktopOptions options;
        try {
            options = new DesktopOptions(address(), System.getProperty("user.name"), callbackPort, pull, null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DesktopClient.run(options);
        return 0;
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
