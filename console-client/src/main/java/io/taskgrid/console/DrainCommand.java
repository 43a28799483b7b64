package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Takes an agent out of service (administrators): no new task goes there, what runs there finishes.",
                "Then `taskgrid agents` shows it drained and it can be stopped for maintenance without losing work.",
                "It stays drained when it restarts, until `taskgrid resume`. Tasks that only it could run wait, and say why."},
        footer = {"", "Examples:", "  taskgrid drain node7 --reason \"disk replacement\"", "  taskgrid drain 1b9e  (the first characters of its id are enough)"})
final class DrainCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "AGENT-ID", description = "The agent, by its id or the first characters of it (as `taskgrid agents` shows).")
    String agentId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, in a few words; users whose tasks wait see it.")
    String reason = "";

    DrainCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            AgentInfo agent = gateway.drain(agentId, reason);
            out().println("Agent " + agent.id() + " on " + agent.host() + " is " + agent.availability() + "."
                    + (agent.drained() ? " It can be stopped now." : " It can be stopped once `taskgrid agents` shows it drained."));
            return ExitCodes.OK;
        }
    }
}
