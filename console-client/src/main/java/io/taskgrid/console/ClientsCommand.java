package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.client.ClientInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "clients", mixinStandardHelpOptions = true,
        description = {"Lists the clients connected to the controller (this one included)."},
        footer = {"", "Example:", "  taskgrid clients"})
final class ClientsCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the clients as a JSON array.")
    boolean json;

    ClientsCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            List<ClientInfo> clients = gateway.clients();
            if (json) {
                out().println(new JsonOutput().clients(clients));
            } else if (clients.isEmpty()) {
                out().println("No clients connected.");
            } else {
                text().clients(clients).forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }
}
