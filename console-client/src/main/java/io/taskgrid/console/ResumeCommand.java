package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Puts a drained agent back into service (administrators): it takes tasks again."},
        footer = {"", "Example:", "  taskgrid resume node7"})
final class ResumeCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "AGENT-ID", description = "The agent, by its id or the first characters of it.")
    String agentId;

    ResumeCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            AgentInfo agent = gateway.resume(agentId);
            out().println("Agent " + agent.id() + " on " + agent.host() + " takes tasks again.");
            return ExitCodes.OK;
        }
    }
}
