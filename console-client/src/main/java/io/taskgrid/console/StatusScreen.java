package io.taskgrid.console;

import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.client.GridStatus;
import io.taskgrid.api.task.Resources;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code taskgrid status} as text: a few labelled lines and the last problems, every line at most {@link #WIDTH} wide. */
final class StatusScreen {
    static final int WIDTH = 80;
    /** Problems shown; {@code --json} has all the controller keeps. */
    static final int PROBLEMS_SHOWN = 8;
    private static final String INDENT = "           ";

    private final ZoneId zone;
    private final int width;

    StatusScreen(ZoneId zone, int width) {
        this.zone = zone;
        this.width = width;
    }

    List<String> lines(String controller, GridStatus s) {
        List<String> out = new ArrayList<>();
        out.add("Controller " + controller + " · TaskGrid " + s.version() + " (protocol " + s.protocol() + ")");
        out.add(INDENT + "up " + uptime(s.uptime()) + ", since " + when(s.startedAt().atZone(zone), s.at().atZone(zone)));
        GridStatus.AgentCounts a = s.agents();
        out.add("Agents     " + a.connected() + " connected" + (a.draining() + a.drained() == 0 ? ""
                : " (" + a.draining() + " draining, " + a.drained() + " drained)") + " · " + a.lost() + " lost since the start");
        GridStatus.SlotCounts c = s.slots();
        out.add("Slots      " + c.busy() + " of " + c.offered() + " CPUs busy · " + c.running() + " running · limit "
                + c.maxProcesses() + " at once");
        if (s.queue().isEmpty()) {
            out.add("Queue      empty");
        } else {
            out.add("Queue      " + s.queued() + " waiting");
            int digits = String.valueOf(s.queue().get(0).tasks()).length();
            for (GridStatus.QueueCount q : s.queue()) {
                out.add(INDENT + String.format(Locale.ROOT, "%" + digits + "d  %s", q.tasks(), q.reason()));
            }
        }
        out.add("Clients    " + s.clients() + " connected · mail: " + (s.mailPending() == 0 ? "no report waiting"
                : s.mailPending() + (s.mailPending() == 1 ? " report waiting" : " reports waiting")));
        GridStatus.HistorySize h = s.history();
        out.add("History    " + String.format(Locale.ROOT, "%,d", h.tasks()) + (h.tasks() == 1 ? " task · " : " tasks · ")
                + Resources.formatMemory(h.bytes()) + "B · schema " + h.schema());
        out.add(INDENT + tail(h.file(), width - INDENT.length()));
        if (s.recentProblems().isEmpty()) {
            out.add("Problems   none since the start");
        } else {
            out.add("Problems   the last " + Math.min(PROBLEMS_SHOWN, s.recentProblems().size()) + ", newest first:");
            for (GridProblem p : s.recentProblems().subList(0, Math.min(PROBLEMS_SHOWN, s.recentProblems().size()))) {
                out.add(cut("  " + when(p.at().atZone(zone), s.at().atZone(zone)) + "  " + p.kind().words() + ": " + p.message()));
            }
        }
        return out.stream().map(this::cut).toList();
    }

    /** "3 d 4 h", "2 h 05 min", "12 min", "40 s". */
    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? s / 60 + " min" : s + " s";
    }

    /** The time for today, the date and time before. */
    private static String when(ZonedDateTime t, ZonedDateTime now) {
        LocalDate day = t.toLocalDate();
        return t.format(DateTimeFormatter.ofPattern(day.equals(now.toLocalDate()) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm", Locale.ROOT));
    }

    private String cut(String line) {
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }

    /** The end of a path, which names the file, rather than its start. */
    private static String tail(String text, int room) {
        return text.length() <= room ? text : "…" + text.substring(text.length() - room + 1);
    }
}
