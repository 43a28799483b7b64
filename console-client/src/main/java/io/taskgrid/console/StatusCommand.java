package io.taskgrid.console;

import io.taskgrid.api.client.GridStatus;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the grid's health on one screen (administrators only): the controller's version and uptime,"
                + " the agents (connected, drained, lost), busy slots, the queue by reason, the last problems (mail not"
                + " sent, refused log-ins, agents lost) and the history's size."},
        footer = {"", "Example:", "  taskgrid status --json"})
final class StatusCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    StatusCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            GridStatus status = gateway.status();
            if (json) {
                out().println(new JsonOutput().status(status));
            } else {
                new StatusScreen(clock.getZone(), StatusScreen.WIDTH).lines(gateway.address().toString(), status)
                        .forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }
}
