package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;

import io.taskgrid.api.client.ControllerAddress;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --controller HOST[:PORT]}, shared by every client command. */
final class ControllerOption {

    @Option(names = "--controller", paramLabel = "HOST[:PORT]",
            description = "The controller to talk to (default: the TASKGRID_CONTROLLER variable, else localhost:1099).")
    String controller;

    /**
     * The address from the option, else the variable, else localhost:1099.
     *
     * @throws InputRefusedException (exit 2) with a sentence when the address is malformed
     */
    ControllerAddress address(Map<String, String> variables) {
        return address(variables, null);
    }

    /**
     * Same, where {@code beforeCommand} is a {@code --controller} given before the subcommand
     * ({@code taskgrid --controller X history}); the one after it wins.
     */
    ControllerAddress address(Map<String, String> variables, String beforeCommand) {
        String text = controller != null ? controller : beforeCommand;
        String source = "--controller";
        if (text == null) {
            text = variables.get(ConsoleEnvironment.CONTROLLER_VARIABLE);
            source = ConsoleEnvironment.CONTROLLER_VARIABLE;
        }
        if (text == null || text.isBlank()) {
            return ControllerAddress.localDefault();
        }
        try {
            return ControllerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InputRefusedException(e.getMessage() + " (from " + source + ")");
        }
    }
}
