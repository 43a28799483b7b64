package io.taskgrid.console;

import io.taskgrid.api.Durations;
import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Shows who used the pool recently, as fair share weighs it: each user's CPU time (a running task"
                + " holds one CPU for as long as it runs; older use counts less), share, and tasks running and waiting."
                + " Among tasks of equal priority, the user with the least recent use goes first."},
        footer = {"", "Example:", "  taskgrid usage --json"})
final class UsageCommand extends ClientCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    UsageCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            UsageReport report = gateway.usage();
            if (json) {
                out().println(new JsonOutput().usage(report));
            } else {
                lines(report).forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }

    static List<String> lines(UsageReport report) {
        List<String> lines = new ArrayList<>();
        if (report.users().isEmpty()) {
            lines.add("Nobody has used the pool recently.");
        } else {
            Table table = new Table(List.of("USER", "RECENT CPU", "SHARE", "RUNNING", "WAITING"));
            for (UserUsage u : report.users()) {
                table.row(List.of(u.user(), Durations.formatCpu(u.recentCpuSeconds()), Math.round(u.share() * 100) + "%",
                        String.valueOf(u.running()), String.valueOf(u.queued())));
            }
            lines.addAll(table.lines());
        }
        lines.add(report.explanation());
        return lines;
    }
}
