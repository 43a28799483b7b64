package io.taskgrid.fx;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ControllerGateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A page of the history for the filter: the controller's history query takes one state (or all), so several states
 * are one query each; the newest page of their answers together is the newest page of the tasks in any of them.
 */
final class HistoryPages {
    /** Newest first; {@code more} when older tasks may match. */
    record Page(List<TaskRecord> tasks, boolean more) {
    }

    private HistoryPages() {
    }

    /** The queries for the filter: one for no state or one state, one a state for several; an array is one row. */
    static List<HistoryQuery> queries(String text, Set<TaskState> states, int page, Long beforeId) {
        String needle = text == null || text.isBlank() ? null : text.trim();
        if (states.isEmpty()) {
            return List.of(new HistoryQuery(null, null, needle, page, beforeId).foldingArrays(true));
        }
        return states.stream().map(s -> new HistoryQuery(s, null, needle, page, beforeId).foldingArrays(true)).toList();
    }

    /** Off the FX thread: the queries' answers merged newest first, {@code page} tasks at most. */
    static Page fetch(ControllerGateway gateway, List<HistoryQuery> queries, int page) {
        if (queries.size() == 1) {
            List<TaskRecord> tasks = gateway.history(queries.get(0));
            return new Page(tasks, tasks.size() == page);
        }
        List<TaskRecord> all = new ArrayList<>();
        boolean more = false;
        for (HistoryQuery q : queries) {
            List<TaskRecord> tasks = gateway.history(q);
            more |= tasks.size() == page;
            all.addAll(tasks);
        }
        all.sort(Comparator.comparingLong(TaskRecord::id).reversed());
        return new Page(all.size() > page ? List.copyOf(all.subList(0, page)) : all, more || all.size() > page);
    }

    /** The test the controller applies to a history query, for tasks that arrive by events. */
    static boolean matches(String text, Set<TaskState> states, TaskRecord t) {
        if (!states.isEmpty() && !states.contains(t.state())) {
            return false;
        }
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.trim().toLowerCase(Locale.ROOT);
        for (String field : new String[]{t.program(), t.project(), t.projectId(), t.agentId(), t.message()}) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
