package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.agent.AgentInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "agents", mixinStandardHelpOptions = true,
        description = {"Lists the connected agents: slots, running tasks, CPU load and the runtimes they found."},
        footer = {"", "Example:", "  taskgrid agents --json"})
final class AgentsCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the agents as a JSON array.")
    boolean json;

    AgentsCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            List<AgentInfo> agents = gateway.agents();
            if (json) {
                out().println(new JsonOutput().agents(agents));
            } else if (agents.isEmpty()) {
                out().println("No agents connected; tasks wait until one joins. Start one: taskgrid agent --controller "
                        + gateway.address());
            } else {
                text().agents(agents).forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }
}
