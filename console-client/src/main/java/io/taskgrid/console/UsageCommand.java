package io.taskgrid.console;

import io.taskgrid.api.Durations;
import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
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
        String halfLife = halfLife(report.halfLife());
        lines.add(report.fairShare()
                ? "Older use counts less: half after " + halfLife + ". Among tasks of equal priority, the user with the"
                + " least recent use goes first."
                : "Fair share is off on this controller: tasks of equal priority run in the order they came. (Use is"
                + " still weighed with a half-life of " + halfLife + ".)");
        return lines;
    }

    /** "1 day", "12 hours", "90 minutes". */
    static String halfLife(Duration d) {
        if (d.toHours() % 24 == 0 && d.toDays() > 0 && d.toMinutes() % 60 == 0) {
            return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
        }
        if (d.toMinutes() % 60 == 0) {
            return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
        }
        return d.toMinutes() == 1 ? "1 minute" : d.toMinutes() + " minutes";
    }
}
