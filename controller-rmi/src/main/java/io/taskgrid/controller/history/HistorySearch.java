package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pages of history, newest first, without output excerpts, filtered by state, project and text. A text of
 * {@value TextIndex#MIN_CHARACTERS} characters or more is looked up in the trigram index for the tasks it holds (up
 * to the watermark, not pending), and checked by reading the others, all in one snapshot of the database; with a
 * state or project filter, the smaller side drives the indexed part ({@link TextPlan}). A shorter text is searched
 * by reading the table.
 */
final class HistorySearch {
    private final ReaderPool readers;
    private final TextPlan.Thresholds textPlanThresholds;

    HistorySearch(ReaderPool readers, TextPlan.Thresholds textPlanThresholds) {
        this.readers = readers;
        this.textPlanThresholds = textPlanThresholds;
    }

    /** A page; the indexed part of a text search read as {@code drive} says, or as {@link TextPlan} chooses when null. */
    List<TaskRecord> history(HistoryQuery q, TextPlan.Drive drive) {
        String text = q.text() == null || q.text().isBlank() ? null : q.text();
        if (text != null && TextIndex.canFind(text)) {
            return textHistory(q, text, drive);
        }
        return readers.read(c -> {
            try (PreparedStatement ps = PagePart.TASKS.prepare(c, "", q, text)) {
                return TaskRows.tasks(ps);
            }
        });
    }

    /**
     * The three disjoint parts of the history a text search reads, each newest first up to the limit, merged. The
     * watermark and the parts are read in one read transaction, so a batch of the indexer committed meanwhile can
     * neither hide a task nor show it twice.
     */
    private List<TaskRecord> textHistory(HistoryQuery q, String text, TextPlan.Drive drive) {
        return readers.read(c -> {
            c.setAutoCommit(false);
            try {
                long watermark = TextIndexer.watermark(c);
                TextPlan plan = drive == null ? TextPlan.choose(c, q, watermark, textPlanThresholds) : forced(q, drive);
                List<TaskRecord> out = new ArrayList<>();
                for (PagePart part : PagePart.ofText(text, watermark, plan, q.beforeId())) {
                    try (PreparedStatement ps = part.prepare(c, "", q, text)) {
                        out.addAll(TaskRows.tasks(ps));
                    }
                }
                out.sort(Comparator.comparingLong(TaskRecord::id).reversed());
                return out.size() > q.limit() ? new ArrayList<>(out.subList(0, q.limit())) : out;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /** A plan that drives as told, by the state when the query has one, else by the project (for tests). */
    private static TextPlan forced(HistoryQuery q, TextPlan.Drive drive) {
        if (drive == TextPlan.Drive.TEXT || (q.state() == null && q.project() == null)) {
            return TextPlan.TEXT;
        }
        return q.state() != null ? new TextPlan(drive, "state", q.state().name()) : new TextPlan(drive, "project", q.project());
    }

    /** The plan a text search with this query would choose now. */
    TextPlan textPlan(HistoryQuery q) {
        return readers.read(c -> TextPlan.choose(c, q, TextIndexer.watermark(c), textPlanThresholds));
    }

    /** What SQLite plans for each part of a text search with the indexed part read as {@code drive} says. */
    List<String> textSearchPlan(HistoryQuery q, TextPlan.Drive drive) {
        return readers.read(c -> {
            List<String> out = new ArrayList<>();
            for (PagePart part : PagePart.ofText(q.text(), 0, forced(q, drive), q.beforeId())) {
                try (PreparedStatement ps = part.prepare(c, "EXPLAIN QUERY PLAN ", q, q.text());
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString("detail"));
                    }
                }
            }
            return out;
        });
    }
}
