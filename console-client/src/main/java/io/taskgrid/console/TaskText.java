package io.taskgrid.console;

import io.taskgrid.api.Durations;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.text.Formats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Tasks, agents, clients and events as plain text lines for people; times in the clock's (local) zone. */
final class TaskText {
    private static final java.time.format.DateTimeFormatter MONTH_DAY_TIME =
            java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
    private final Clock clock;
    private final Formats formats;
    private final Style style;

    TaskText(Clock clock, Style style) {
        this.clock = clock;
        this.formats = new Formats(clock);
        this.style = style;
    }

    Style style() {
        return style;
    }

    String when(Instant instant) {
        return instant == null ? "-" : formats.dateTime(instant);
    }

    String time(Instant instant) {
        return instant == null ? "--:--:--" : formats.time(instant);
    }

    /** Run time: start to end, or to now while it runs; {@code -} before it started. */
    String duration(TaskRecord task) {
        return formats.runTime(task).map(Durations::format).orElse("-");
    }

    static String language(TaskRecord task) {
        return task.language() == null ? "language unknown" : task.language().displayName();
    }

    /** The history table; a USER column when the tasks listed are not all one user's (a shared pool). */
    List<String> history(List<TaskRecord> tasks) {
        return history(tasks, 0);
    }

    /** Whether a task has a reason to show in the history's WAITING column: it is queued, or its agent is silent. */
    static boolean waits(TaskRecord t) {
        return t.waitReason() != null && (t.state() == TaskState.QUEUED || t.state() == TaskState.RUNNING);
    }

    /**
     * The history table; a USER column when the tasks listed are not all one user's (a shared pool), a WAITING column
     * when one of them says why it waits, cut (then PROGRAM and PROJECT) to fit {@code width} characters.
     *
     * @param width the terminal's width, or 0 for no limit (a pipe: whole sentences)
     */
    List<String> history(List<TaskRecord> tasks, int width) {
        return history(tasks, width, Map.of());
    }

    /**
     * As {@link #history(List, int)}, with the arrays of the page folded: an array's first member stands for it, shown
     * as {@code 42[1000]} with its members counted by state in a STATES column ({@code 980✓ 15∑ 5X}).
     *
     * @param arrays the summaries of the arrays on the page, by array id
     */
    List<String> history(List<TaskRecord> tasks, int width, Map<Long, ArraySummary> arrays) {
        boolean users = tasks.stream().map(TaskRecord::clientUser).distinct().count() > 1;
        boolean waiting = tasks.stream().anyMatch(TaskText::waits);
        List<String> headers = new ArrayList<>(List.of("ID", "PROJECT", "PROGRAM", "AGENT", "SUBMITTED", "DURATION"));
        if (users) {
            headers.add(1, "USER");
        }
        boolean folded = tasks.stream().anyMatch(t -> arrays.containsKey(t.id()));
        if (folded) {
            headers.add(headers.indexOf("ID") + 1, "STATES");
        }
        if (waiting) {
            headers.add("WAITING");
        }
        boolean fit = (waiting || folded) && width > 0;
        List<TaskState> marks = new ArrayList<>(tasks.size());
        Table table = new Table(headers);
        for (TaskRecord t : tasks) {
            // Fitted to a terminal, today's tasks say only the time: the sentences get the room.
            String submitted = fit && t.submittedAt() != null ? fitted(t.submittedAt()) : when(t.submittedAt());
            ArraySummary array = arrays.get(t.id());
            List<String> row = array == null
                    ? new ArrayList<>(List.of(t.displayId(), t.project(), t.program(), orDash(shortAgent(t.agentId())),
                            submitted, duration(t)))
                    : new ArrayList<>(List.of(ArrayText.id(array), t.project(), array.program(), "-", submitted,
                            ArrayText.elapsed(array, clock.instant())));
            marks.add(array == null ? t.state() : ArrayText.overall(array));
            if (folded) {
                row.add(1, array == null ? "" : ArrayText.counts(array));
            }
            if (users) {
                row.add(1, orDash(t.clientUser()));
            }
            if (waiting) {
                row.add(waits(t) ? t.waitReason() : "-");
            }
            table.row(row);
        }
        int project = headers.indexOf("PROJECT");
        int program = headers.indexOf("PROGRAM");
        List<Table.Shrink> shrink = new ArrayList<>();
        if (waiting) {
            shrink.add(new Table.Shrink(headers.size() - 1, 30));
        }
        shrink.addAll(List.of(new Table.Shrink(program, 12), new Table.Shrink(project, 8)));
        if (users) {
            shrink.add(new Table.Shrink(headers.indexOf("USER"), 6));
        }
        if (waiting) {
            shrink.add(new Table.Shrink(headers.size() - 1, 16));
        }
        if (folded) { // the counts give up room last: cut, they lose the states that come after
            shrink.add(new Table.Shrink(headers.indexOf("AGENT"), 5));
            shrink.add(new Table.Shrink(headers.indexOf("STATES"), 8));
        }
        // Two characters go to the state mark before each line.
        List<String> lines = withStateMarks(table.lines(fit ? Math.max(1, width - 2) : 0, shrink), marks);
        if (fit && lines.stream().skip(1).anyMatch(l -> l.endsWith("…"))) {
            lines.add("Reasons cut to fit; `taskgrid show ID` gives the whole sentence.");
        }
        return lines;
    }

    /** When, in a table fitted to a terminal: the time for today, else "05-01 12:00" this year, else the day. */
    private String fitted(Instant at) {
        java.time.ZonedDateTime z = at.atZone(clock.getZone());
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        if (z.toLocalDate().equals(today)) {
            return formats.time(at);
        }
        return z.getYear() == today.getYear() ? MONTH_DAY_TIME.format(z) : z.toLocalDate().toString();
    }

    /** The compact table of running and queued tasks that {@code watch} redraws: one progress line per task. */
    List<String> active(Collection<TaskRecord> tasks) {
        Table table = new Table(List.of("ID", "STATE", "PROJECT", "PROGRAM", "AGENT", "DURATION", "CPU", "MEMORY", "READ"));
        List<TaskRecord> list = new ArrayList<>(tasks);
        for (TaskRecord t : list) {
            ResourceUsage u = t.state() == TaskState.RUNNING ? t.usage() : null;
            table.row(List.of(t.displayId(), t.state().label(), t.project(), t.program(), orDash(shortAgent(t.agentId())), duration(t),
                    u == null ? "-" : String.format(Locale.ROOT, "%.1fs", u.cpuSeconds()),
                    u == null ? "-" : Formats.bytes(u.memoryBytes()),
                    u == null ? "-" : Formats.bytes(u.bytesRead())));
        }
        return withMarks(table.lines(), list);
    }

    /**
     * An agent id as tables show it: a generated UUID by its first 8 characters (as git shows commits; `show` has
     * the whole), any other id as it is. 36 characters made a history row wider than 100 columns.
     */
    static String shortAgent(String agentId) {
        return agentId != null && agentId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                ? agentId.substring(0, 8) : agentId;
    }

    /** {@code 12:00:03 task 5 running on agent-1 for 12s: cpu 3.1s, memory 12.0 MB, read 1.2 MB} */
    String progressLine(TaskRecord t, Instant at) {
        return time(at) + " task " + t.displayId() + " " + style.label(t.state()) + (t.agentId() == null ? "" : " on " + t.agentId())
                + " for " + duration(t) + (t.usage() == null ? "" : ": " + usage(t.usage()));
    }

    private List<String> withMarks(List<String> lines, List<TaskRecord> tasks) {
        return withStateMarks(lines, tasks.stream().map(TaskRecord::state).toList());
    }

    private List<String> withStateMarks(List<String> lines, List<TaskState> states) {
        List<String> out = new ArrayList<>(lines.size());
        out.add("  " + lines.get(0));
        for (int i = 0; i < states.size(); i++) {
            out.add(style.mark(states.get(i)) + " " + lines.get(i + 1));
        }
        return out;
    }

    List<String> show(TaskRecord t) {
        return show(t, List.of());
    }

    /** The task, and under it each attempt (when there were several, or one that did not end the task). */
    List<String> show(TaskRecord t, List<TaskAttempt> attempts) {
        return show(t, attempts, Links.NONE);
    }

    /** As {@link #show(TaskRecord, List)}, with what it waits for and what waits for it. */
    List<String> show(TaskRecord t, List<TaskAttempt> attempts, Links links) {
        List<String> lines = new ArrayList<>();
        String name = t.inArray() ? t.displayId() + " (id " + t.id() + ")" : t.displayId();
        lines.add(style.bold("Task " + name) + "  " + style.mark(t.state()) + " " + style.label(t.state()));
        Fields fields = new Fields();
        if (t.inArray()) {
            fields.row("array", "index " + t.arrayIndex() + " of array " + t.arrayId() + " (all of it: taskgrid show "
                    + t.arrayId() + ")");
        }
        fields.row(List.of("program", t.program()));
        fields.row(List.of("language", t.language() == null ? "unknown" : t.language().displayName()));
        if (t.resources().beyondDefault()) {
            fields.row(List.of("asks for", t.resources().inWords()));
        }
        if (!t.requirements().isEmpty()) {
            fields.row(List.of("requires", requires(t)));
        }
        fields.row(List.of("arguments", t.arguments().isEmpty() ? "-" : String.join(" ", t.arguments())));
        fields.row(List.of("project", t.project() + ", project id " + orDash(t.projectId())));
        fields.row(List.of("agent", t.agentId() == null ? "-" : t.agentId() + (t.agentHost() == null ? "" : " on " + t.agentHost())));
        fields.row(List.of("attempt", String.valueOf(t.attempt())));
        if (t.retry().enabled()) {
            fields.row(List.of("retries", retries(t)));
        }
        fields.row(List.of("exit code", t.exitCode() == null ? "-" : String.valueOf(t.exitCode())));
        fields.row(List.of("submitted", when(t.submittedAt()) + submitter(t)));
        fields.row(List.of("started", when(t.startedAt())));
        fields.row(List.of("ended", when(t.endedAt())));
        fields.row(List.of("duration", duration(t)));
        fields.row(List.of("priority", String.valueOf(t.priority())));
        fields.row(List.of("timeout", t.timeout() == null ? "none" : Durations.format(t.timeout())));
        fields.row(List.of("data", orDash(t.dataPath())));
        fields.row(List.of("result", t.outputWithheld() ? withheld(t) : orDash(t.resultPath())));
        if (t.email() != null) {
            fields.row(List.of("e-mail", t.email()));
        }
        if (t.duplicateOf() != null) {
            fields.row(List.of("duplicate", "duplicate of task " + t.duplicateOf() + " (not run again; its result is above)"));
        }
        if (t.mailStatus() != null) {
            fields.row(List.of("mail report", t.mailStatus()));
        } else if (t.email() != null && t.state().isFinal() && t.state() != TaskState.REJECTED) {
            fields.row(List.of("mail report", "on its way"));
        }
        if (t.usage() != null && !t.usage().equals(ResourceUsage.NONE)) {
            fields.row(List.of("usage", usage(t.usage())));
            fields.row(List.of("peak memory", peakMemory(t)));
        } else if (t.state() != TaskState.QUEUED && t.state() != TaskState.REJECTED && t.state() != TaskState.DUPLICATE) {
            fields.row(List.of("usage", "not measured (the agent samples once a second; this task was quicker)"));
        }
        if (t.message() != null) {
            fields.row(List.of("message", Outcomes.indented(t.message(), " ".repeat(Fields.VALUE_COLUMN))));
        }
        links.addTo(fields);
        if (t.held()) {
            fields.row(List.of("held", "by " + t.heldBy() + "; `taskgrid release " + t.id() + "` lets it start"));
        } else if (t.state() == TaskState.QUEUED && t.waitReason() != null) {
            fields.row(List.of("waiting", t.waitReason()));
        } else if (t.state() == TaskState.RUNNING && t.waitReason() != null) { // its agent is silent, its lease holds
            fields.row(List.of("unheard", t.waitReason()));
        }
        lines.addAll(fields.lines);
        if (!attempts.isEmpty()) {
            lines.add("");
            lines.add("Attempts:");
            Table table = new Table(List.of("#", "AGENT", "STARTED", "ENDED", "HOW IT ENDED"));
            for (TaskAttempt a : attempts) {
                String how = a.state() == TaskState.RUNNING ? "running"
                        : a.state() == TaskState.QUEUED ? "back to the queue" : a.state().label();
                table.row(List.of(String.valueOf(a.attempt()),
                        a.agentId() == null ? "-" : a.agentId() + (a.agentHost() == null ? "" : " on " + a.agentHost()),
                        when(a.startedAt()), when(a.endedAt()), how + (a.message() == null ? "" : ": " + Outcomes.oneLine(a.message()))));
            }
            table.lines().forEach(l -> lines.add("  " + l));
        }
        lines.add("");
        if (t.outputWithheld()) {
            lines.add("  output      " + withheld(t));
            return lines;
        }
        String soFar = t.state() == TaskState.RUNNING ? ", so far" : "";
        lines.add("--- output (stdout" + soFar + ") ---");
        lines.addAll(excerpt(t.output()));
        lines.add("--- errors (stderr" + soFar + ") ---");
        lines.addAll(excerpt(t.errorOutput()));
        return lines;
    }

    /** An array at a glance ({@code show 42} for an array): its state, indexes, counts, failed indexes and links. */
    List<String> showArray(ArraySummary s, Links links) {
        TaskState overall = ArrayText.overall(s);
        List<String> lines = new ArrayList<>();
        lines.add(style.bold("Array " + s.arrayId()) + "  " + style.mark(overall) + " " + style.label(overall) + ": "
                + ArrayText.state(s));
        Fields fields = ArrayText.fields(s, this);
        links.addTo(fields);
        lines.addAll(fields.lines);
        lines.add("");
        lines.add("Its members: taskgrid history --array " + s.arrayId() + "; one of them: taskgrid show " + s.arrayId()
                + "." + s.array().first());
        return lines;
    }

    /**
     * "1 of 3 used; next attempt at 12:00:30 (exit code 75)", then the policy: "(up to 3 retries, 30 s apart, on exit
     * code 75)".
     */
    String retries(TaskRecord t) {
        String used = t.retriesUsed() + " of " + t.retry().retries() + " used";
        if (t.waitsToRetry()) {
            used += "; next attempt at " + time(t.retryAt()) + (t.exitCode() == null ? "" : " (exit code " + t.exitCode() + ")");
        }
        return used + " (" + t.retry().inWords() + ")";
    }

    /** What stands where the controller withheld another user's output. */
    static String withheld(TaskRecord t) {
        return "visible to " + (t.clientUser() == null ? "its owner" : t.clientUser()) + " and administrators only";
    }

    private static String submitter(TaskRecord t) {
        if (t.clientUser() == null) {
            return "";
        }
        return " by " + t.clientUser() + (t.clientHost() == null ? "" : " from " + t.clientHost());
    }

    private static List<String> excerpt(String text) {
        if (text == null || text.isEmpty()) {
            return List.of("(none)");
        }
        return List.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /** "1.2 GB of the 2G it asked for", or "1.2 GB" for a task that asked for none. */
    static String peakMemory(TaskRecord t) {
        String peak = Formats.bytes(t.usage().peakMemoryBytes());
        return t.resources().hasMemory() ? peak + " of the " + Resources.formatMemory(t.resources().memoryBytes()) + " it asked for" : peak;
    }

    static String usage(ResourceUsage u) {
        return String.format(Locale.ROOT, "cpu %.1fs, memory %s, read %s", u.cpuSeconds(), Formats.bytes(u.memoryBytes()), Formats.bytes(u.bytesRead()));
    }

    List<String> agents(List<AgentInfo> agents) {
        // The runtimes last: the longest cell, and the one a narrow terminal may wrap without hiding the others. Labels
        // only when an agent has some: a pool without them keeps its 80 columns.
        boolean labels = agents.stream().anyMatch(a -> !a.labels().isEmpty());
        boolean sized = agents.stream().anyMatch(a -> a.cpusInUse() != a.running() || a.memoryInUse() > 0);
        List<String> header = new ArrayList<>(List.of("ID", "HOST", "SLOTS", "RUNNING", "CPU", "STATE", "CONNECTED SINCE"));
        if (sized) { // tasks that asked for more than one CPU, or for memory: what is taken of each agent
            header.add(4, "CPUS USED");
            header.add(5, "MEMORY USED");
        }
        if (labels) {
            header.add("LABELS");
        }
        header.add("RUNTIMES");
        Table table = new Table(header);
        for (AgentInfo a : agents) {
            List<String> row = new ArrayList<>(List.of(shortAgent(a.id()), a.host(), String.valueOf(a.slots()),
                    String.valueOf(a.running()), cpu(a.cpuLoad()), a.availability(), when(a.connectedAt())));
            if (sized) {
                row.add(4, a.cpusInUse() + "/" + a.slots());
                row.add(5, a.memoryBytes() == 0 ? "-" : Resources.formatMemory(a.memoryInUse()) + "/" + Resources.formatMemory(a.memoryBytes()));
            }
            if (labels) {
                row.add(a.labels().isEmpty() ? "-" : String.join(",", a.labels()));
            }
            row.add(runtimes(a.runtimes()));
            table.row(row);
        }
        return table.lines();
    }

    List<String> clients(List<ClientInfo> clients) {
        Table table = new Table(List.of("ID", "USER", "HOST", "KIND", "CONNECTED SINCE"));
        for (ClientInfo c : clients) {
            table.row(List.of(c.id(), c.user(), c.host(), c.kind() == null ? "-" : c.kind().name().toLowerCase(Locale.ROOT),
                    when(c.connectedAt())));
        }
        return table.lines();
    }

    /** "gpu, !big-mem (agents with the label gpu and without the label big-mem)". */
    static String requires(TaskRecord t) {
        return t.requirements() + " (agents " + t.requirements().describe() + ")";
    }

    static String cpu(double load) {
        return load < 0 ? "-" : Math.round(load * 100) + "%";
    }

    static String runtimes(List<RuntimeInfo> runtimes) {
        return runtimes.isEmpty() ? "none" : runtimes.stream().map(r -> r.language().displayName()).distinct()
                .collect(Collectors.joining(", "));
    }

    /** One line per event for a pipe or a log: {@code 12:00:01 task 42 running on agent-1}. */
    String event(GridEvent event) {
        String at = time(event.at());
        if (event instanceof TaskEvent te) {
            return at + " " + taskLine(te.task());
        }
        if (event instanceof AgentEvent ae) {
            AgentInfo a = ae.agent();
            return at + " agent " + a.id() + " " + switch (ae.kind()) {
                case JOINED -> "joined from " + a.host() + " with " + a.slots() + " slots (" + runtimes(a.runtimes()) + ")";
                case UPDATED -> "runs " + a.running() + " of " + a.slots() + ", cpu " + cpu(a.cpuLoad());
                case LEFT -> "left";
                case LOST -> "was lost";
            };
        }
        ClientEvent ce = (ClientEvent) event;
        ClientInfo c = ce.client();
        return at + " client " + c.id() + " (" + c.user() + "@" + c.host() + ") "
                + (ce.kind() == ClientEvent.Kind.CONNECTED ? "connected" : "disconnected");
    }

    /** {@code task 42 running on agent-1}, {@code task 42 failed on agent-1: Exited with code 3.} */
    String taskLine(TaskRecord t) {
        StringBuilder sb = new StringBuilder("task ").append(t.displayId()).append(' ').append(style.label(t.state()));
        if (t.agentId() != null && t.state() != TaskState.QUEUED) {
            sb.append(" on ").append(t.agentId());
        }
        if (t.state() == TaskState.QUEUED) {
            sb.append(" (").append(t.project()).append(", ").append(t.program()).append(')');
        }
        if (t.state().isFinal() && t.startedAt() != null && t.endedAt() != null) {
            sb.append(" in ").append(duration(t));
        }
        if ((t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED) && t.message() != null) {
            sb.append(": ").append(Outcomes.oneLine(t.message()));
        }
        if (t.state() == TaskState.DUPLICATE && t.duplicateOf() != null) {
            sb.append(" of task ").append(t.duplicateOf()).append(" (not run again)");
        }
        return sb.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
