package io.taskgrid.launcher;

import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.controller.ControllerStartException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Starts a controller for a command; a start that fails (port in use, …) is a sentence for the user, not a crash. */
final class Starting {
    private Starting() {
    }

    static ControllerServer controller(CommandSpec spec, ControllerConfig config, ControllerSecurity security) {
        try {
            return ControllerServer.start(config, security);
        } catch (ControllerStartException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
