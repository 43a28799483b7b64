package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What the bash and zsh completion script ({@code taskgrid completion}) asks the controller for: the connected agents'
 * ids or labels, one a line. Hidden: it is for the script, not for people. It never fails loudly: without a controller,
 * or for a user who may not list agents, it prints nothing and exits 0, so that Tab leaves the line alone.
 */
@Command(name = CompleteCommand.NAME, hidden = true, description = "Values for shell completion: agents or labels, one a line.")
final class CompleteCommand extends ClientCommand implements Callable<Integer> {
    static final String NAME = "__complete";

    enum What { AGENTS, LABELS }

    @Parameters(index = "0", paramLabel = "WHAT", converter = WhatConverter.class, description = "agents or labels.")
    What what;

    CompleteCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        List<AgentInfo> agents;
        try (ControllerGateway gateway = connect()) {
            agents = gateway.agents();
        } catch (ClientException e) {
            return ExitCodes.OK; // nothing to offer; an error here would land in the user's command line
        }
        if (what == What.AGENTS) {
            agents.forEach(a -> out().println(a.id()));
        } else {
            ConnectedAgents.labelsOf(agents).forEach(out()::println);
        }
        out().flush();
        return ExitCodes.OK;
    }

    static final class WhatConverter implements CommandLine.ITypeConverter<What> {
        @Override
        public What convert(String value) {
            try {
                return What.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is nothing taskgrid completes; write agents or labels.");
            }
        }
    }
}
