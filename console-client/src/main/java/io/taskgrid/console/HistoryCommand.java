package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.taskgrid.api.client.PurgeReport;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Lists tasks, newest first: ✓ succeeded, ∑ running, X failed, … queued, ⊘ cancelled, ! rejected, ≡ duplicate.",
                "An array is one row, 42[1000] (its id and size), its members counted by state under STATES (980✓ 15∑ 5X);"
                        + " --array 42 lists its members, and --state lists tasks one by one."},
        footer = {"", "Examples:", "  taskgrid history", "  taskgrid history --state failed --project thesis --limit 100",
                "  taskgrid history --array 42 --state failed",
                "  taskgrid history --text render-frames",
                "  taskgrid history --purge-before 2024-01-31   (administrators: removes tasks that ended before that day)"})
final class HistoryCommand extends ClientCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 20;

    @Option(names = "--state", paramLabel = "STATE", description = "Only tasks in this state: queued, running, succeeded, failed, cancelled, rejected or duplicate.")
    String state;

    @Option(names = "--project", paramLabel = "NAME", description = "Only tasks of this project.")
    String project;

    @Option(names = "--text", paramLabel = "TEXT", description = {"Only tasks whose program, project, project id, agent or message "
            + "contains TEXT (ASCII letters in any case). A text of 3 characters or more is looked up in an index; "
            + "a shorter one reads the whole history, which takes longer in a large one."})
    String text;

    @Option(names = "--array", paramLabel = "ID", converter = TaskRef.Converter.class,
            description = "Only the members of this array, each as ARRAY.INDEX (42.7).")
    TaskRef array;

    @Option(names = "--limit", paramLabel = "N", description = "At most N tasks, 1 to 10000 (default: 20).")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--purge-before", paramLabel = "DATE", description = {"Administrators: remove from the history the tasks"
            + " that ended before DATE (a day, 2024-01-31, from its start in this computer's time zone; or an instant,"
            + " 2024-01-31T12:00:00Z), in small batches while the controller keeps working, and print how many went."
            + " Tasks still queued or running stay; result folders go too only on a controller started with --delete-results."})
    String purgeBefore;

    @Option(names = "--json", description = "Print the tasks as a JSON array (with --purge-before: what was removed, as an object).")
    boolean json;

    HistoryCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        if (purgeBefore != null) {
            return purge();
        }
        HistoryQuery query = query();
        try (ControllerGateway gateway = connect()) {
            List<TaskRecord> tasks = gateway.history(query);
            Map<Long, ArraySummary> arrays = query.oneRowPerArray() ? arrays(gateway, tasks) : Map.of();
            if (json) {
                out().println(new JsonOutput().tasks(tasks, arrays));
            } else if (tasks.isEmpty()) {
                out().println(query.state() == null && query.project() == null && query.text() == null && query.arrayId() == null
                        ? "No tasks yet. Submit one: taskgrid submit examples/hello.py"
                        : "No tasks match. Run `taskgrid history` without filters to see them all.");
            } else {
                // The width is asked only when a WAITING column cuts its sentences to it.
                int width = tasks.stream().anyMatch(TaskText::waits) || !arrays.isEmpty() ? env.terminalWidth() : 0;
                text().history(tasks, width, arrays).forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }

    /** The summaries of the arrays on the page (their first members stand for them): one call each, none for the rest. */
    private static Map<Long, ArraySummary> arrays(ControllerGateway gateway, List<TaskRecord> tasks) {
        Map<Long, ArraySummary> arrays = new HashMap<>();
        for (TaskRecord t : tasks) {
            if (t.firstOfArray()) {
                arrays.put(t.id(), gateway.array(t.id()));
            }
        }
        return arrays;
    }

    private Integer purge() {
        if (state != null || project != null || text != null || array != null || limit != DEFAULT_LIMIT) {
            throw new InputRefusedException("--purge-before removes every ended task before the date and takes no filter;"
                    + " leave out --state, --project, --text, --array and --limit.");
        }
        Instant before = purgeInstant(purgeBefore, clock);
        try (ControllerGateway gateway = connect()) {
            PurgeReport report = gateway.purgeBefore(before);
            if (json) {
                out().println(new JsonOutput().purge(report));
            } else {
                out().println("Removed " + report.tasks() + (report.tasks() == 1 ? " task" : " tasks") + " that ended before "
                        + report.before() + (report.resultFolders() > 0 ? ", with " + report.resultFolders() + " result folders" : "") + "."
                        + (report.kept() > 0 ? " Kept " + report.kept() + " older ones: still queued or running, or a newer"
                        + " duplicate points at them." : "")
                        + (report.continuing() ? " The controller goes on removing the rest in the background; its log says"
                        + " when it is done." : ""));
            }
            return ExitCodes.OK;
        }
    }

    /** A day (from its start in the clock's zone) or an ISO instant, not in the future. */
    static Instant purgeInstant(String text, Clock clock) {
        String t = text.trim();
        Instant before;
        try {
            before = t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InputRefusedException("'" + text + "' is not a date; give a day as 2024-01-31 or an instant as"
                    + " 2024-01-31T12:00:00Z to --purge-before.");
        }
        if (before.isAfter(clock.instant())) {
            throw new InputRefusedException("--purge-before " + text + " is in the future; give a date up to today, so that"
                    + " only tasks that already ended are removed.");
        }
        return before;
    }

    HistoryQuery query() {
        if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
            throw new InputRefusedException("--limit must be between 1 and " + HistoryQuery.MAX_LIMIT + ", not " + limit + ".");
        }
        if (text != null && text.isBlank()) {
            throw new InputRefusedException("--text is empty; give the text to look for, or leave --text out.");
        }
        if (array != null && array.member()) {
            throw new InputRefusedException("--array takes an array's id, not one member's (" + array + "); write --array "
                    + array.id() + ", or `taskgrid show " + array + "` for that member.");
        }
        TaskState only = parseState(state);
        HistoryQuery query = new HistoryQuery(only, project, text, limit, null);
        // An array is one row, unless its members are asked for: those of one array, or those in a state.
        return array != null ? query.inArray(array.id()) : query.foldingArrays(only == null);
    }

    static TaskState parseState(String text) {
        if (text == null) {
            return null;
        }
        try {
            return TaskState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputRefusedException("'" + text + "' is not a task state; use one of "
                    + Arrays.stream(TaskState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
        }
    }
}
