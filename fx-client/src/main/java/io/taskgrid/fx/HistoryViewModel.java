package io.taskgrid.fx;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The history table's state: the rows loaded so far (newest first, a page at a time from the controller),
 * the filter, and live updates from events, bounded by {@link HistoryBound}. Used on the FX thread only.
 */
final class HistoryViewModel {
    static final int PAGE = 500;
    /** The next page is asked for when fewer rows than this remain below what the user sees. */
    static final int PREFETCH_ROWS = 100;

    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ObservableList<TaskRow> rows = FXCollections.observableArrayList();
    private final Map<Long, TaskRow> byId = new HashMap<>();
    private final HistoryBound bound = new HistoryBound();
    private final ArrayRows arrays;
    private final StringProperty filterText = new SimpleStringProperty("");
    /** The states shown; empty for all. */
    private final ObjectProperty<Set<TaskState>> filterStates = new SimpleObjectProperty<>(Set.of());
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** When the controller was last heard of, while it is away; null while the rows are live. */
    private final ReadOnlyObjectWrapper<Instant> staleSince = new ReadOnlyObjectWrapper<>();
    /** Counts reloads; the answer to an older query is dropped. */
    private long generation;
    /** Counts the times the oldest rows were dropped: a page asked for before does not join what is left. */
    private long drops;

    HistoryViewModel(Supplier<ControllerGateway> gateway, Background background) {
        this.gateway = gateway;
        this.background = background;
        this.arrays = new ArrayRows(gateway, background, this::row);
        filterText.addListener((o, was, now) -> reload());
        filterStates.addListener((o, was, now) -> {
            if (now == null) {
                filterStates.set(Set.of());
            } else if (!now.equals(was)) {
                reload();
            }
        });
    }

    ObservableList<TaskRow> rows() {
        return rows;
    }

    /** The arrays among the rows (one row each): their counts and expanded members. */
    ArrayRows arrays() {
        return arrays;
    }

    StringProperty filterTextProperty() {
        return filterText;
    }

    /** The states the history shows (an unmodifiable set; set another one to change it); empty for all. */
    ObjectProperty<Set<TaskState>> filterStatesProperty() {
        return filterStates;
    }

    /** Shows the tasks in these states only; none for all. */
    void showStates(Collection<TaskState> states) {
        filterStates.set(states.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(states)));
    }

    ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * How the view tells which rows the person sees or has selected: the id of the oldest of them ({@link Long#MAX_VALUE}
     * for none), asked when events have added rows; rows down to it and a page below stay.
     */
    void pinWith(LongSupplier oldestPinnedId) {
        bound.pinWith(oldestPinnedId);
    }

    /** Since when the shown states are not known (the controller went away then); null while they are live. */
    ReadOnlyObjectProperty<Instant> staleSinceProperty() {
        return staleSince.getReadOnlyProperty();
    }

    /** The controller went away at {@code since}: tasks that had not ended may have changed unseen. */
    void stale(Instant since) {
        if (staleSince.get() == null) {
            staleSince.set(since);
            updateSummary();
        }
    }

    /** Whether {@code t}'s state as shown may be out of date: it had not ended when the controller went away. */
    boolean unknown(TaskRecord t) {
        return staleSince.get() != null && !t.state().isFinal();
    }

    /** Loads the newest page for the current filter, replacing what is shown. */
    void reload() {
        long gen = ++generation;
        List<HistoryQuery> queries = queries(null);
        loading.set(true);
        background.run(() -> fetch(queries), found -> {
            List<TaskRecord> page = found.tasks();
            if (gen != generation) {
                return;
            }
            loading.set(false);
            error.set("");
            staleSince.set(null);
            byId.clear();
            List<TaskRow> fresh = new ArrayList<>(page.size());
            for (TaskRecord t : page) {
                TaskRow row = new TaskRow(t);
                byId.put(t.id(), row);
                fresh.add(row);
            }
            rows.setAll(fresh);
            arrays.reloaded();
            arrays.loaded(fresh);
            hasMore.set(found.more());
            updateSummary();
        }, message -> {
            if (gen == generation) {
                loading.set(false);
                error.set(message);
            }
        });
    }

    /**
     * The table scrolled to {@code position} (0 top, 1 bottom): loads the next page when the user nears the last
     * loaded row. Counted in rows, not as a fraction: with 20,000 rows loaded, the last 10 % would be 2,000 rows
     * and each page would land the user inside that band again, loading page after page.
     */
    void scrolled(double position) {
        if ((1 - position) * rows.size() <= PREFETCH_ROWS) {
            loadMore();
        }
    }

    /** Loads the next older page, if there is one and none is loading. */
    void loadMore() {
        if (loading.get() || !hasMore.get() || rows.isEmpty()) {
            return;
        }
        long gen = generation;
        long dropsThen = drops;
        List<HistoryQuery> queries = queries(rows.get(rows.size() - 1).id());
        loading.set(true);
        background.run(() -> fetch(queries), found -> {
            List<TaskRecord> page = found.tasks();
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (drops != dropsThen) {
                return; // it would join below a gap: the rows it followed were dropped meanwhile
            }
            List<TaskRow> older = new ArrayList<>(page.size());
            long oldest = rows.isEmpty() ? Long.MAX_VALUE : rows.get(rows.size() - 1).id();
            for (TaskRecord t : page) {
                if (t.id() < oldest && !byId.containsKey(t.id())) {
                    TaskRow row = new TaskRow(t);
                    byId.put(t.id(), row);
                    older.add(row);
                }
            }
            rows.addAll(older);
            arrays.loaded(older);
            hasMore.set(found.more());
            updateSummary();
        }, message -> {
            if (gen == generation) {
                loading.set(false);
                error.set(message);
            }
        });
    }

    private List<HistoryQuery> queries(Long beforeId) {
        return HistoryPages.queries(filterText.get(), filterStates.get(), PAGE, beforeId);
    }

    private HistoryPages.Page fetch(List<HistoryQuery> queries) {
        return HistoryPages.fetch(gateway.get(), queries, PAGE);
    }

    /** Applies changed tasks (each the latest known state): updates, inserts in order, or removes rows. */
    void apply(List<TaskRecord> changed) {
        Map<Long, TaskRecord> latest = new LinkedHashMap<>();
        for (TaskRecord t : changed) {
            if (t.inArray()) {
                arrays.changed(t);
            }
            if (!t.inArray() || t.firstOfArray()) { // the others are in their array's row
                latest.put(t.id(), t);
            }
        }
        List<TaskRecord> newer = new ArrayList<>();
        for (TaskRecord t : latest.values()) {
            TaskRow row = byId.get(t.id());
            boolean wanted = matches(t);
            if (row != null && wanted) {
                row.update(withReasonKept(row.task(), t));
            } else if (row != null) {
                byId.remove(t.id());
                rows.remove(row);
            } else if (wanted) {
                newer.add(t);
            }
        }
        if (newer.isEmpty()) {
            updateSummary();
            return;
        }
        newer.sort(Comparator.comparingLong(TaskRecord::id).reversed());
        long top = rows.isEmpty() ? Long.MIN_VALUE : rows.get(0).id();
        long bottom = rows.isEmpty() ? Long.MIN_VALUE : rows.get(rows.size() - 1).id();
        List<TaskRow> head = new ArrayList<>();
        for (TaskRecord t : newer) {
            if (t.id() > top) {
                head.add(register(t));
            } else if (t.id() > bottom || !hasMore.get()) {
                rows.add(HistoryBound.indexOf(rows, t.id()), register(t));
            }
            // Older than what is loaded while more pages exist: it arrives with its page.
        }
        rows.addAll(0, head);
        dropOldest();
        updateSummary();
    }

    /**
     * An event carries no wait reason (a page does, see {@code ClientSession.history}): a task that still waits as it did
     * (queued, held or not as before, the same priority and agent) keeps the one its page gave until the next page.
     */
    static TaskRecord withReasonKept(TaskRecord shown, TaskRecord newer) {
        if (newer.waitReason() == null && shown.waitReason() != null && newer.state() == TaskState.QUEUED
                && shown.state() == TaskState.QUEUED && java.util.Objects.equals(newer.heldBy(), shown.heldBy())
                && newer.priority() == shown.priority() && java.util.Objects.equals(newer.agentId(), shown.agentId())) {
            return newer.toBuilder().waitReason(shown.waitReason()).build();
        }
        return newer;
    }

    /** Drops the oldest rows beyond the bound, as one change; they come back with their pages. */
    private void dropOldest() {
        int keep = bound.keep(rows);
        if (keep < rows.size()) {
            for (TaskRow row : rows.subList(keep, rows.size())) {
                byId.remove(row.id());
            }
            rows.remove(keep, rows.size());
            hasMore.set(true);
            drops++;
        }
    }

    private TaskRow register(TaskRecord t) {
        TaskRow row = new TaskRow(t);
        byId.put(t.id(), row);
        return row;
    }

    /** The same test the controller applies to a history query, for tasks that arrive by events. */
    boolean matches(TaskRecord t) {
        return HistoryPages.matches(filterText.get(), filterStates.get(), t);
    }

    TaskRow row(long id) {
        return byId.get(id);
    }

    private void updateSummary() {
        int n = rows.size();
        if (staleSince.get() != null) {
            summary.set(n + (n == 1 ? " task" : " tasks") + " as last known; the states of those that had not ended are"
                    + " unknown until the controller is back.");
            return;
        }
        summary.set(n == 0 ? "No tasks" + (isFiltered() ? " match the filter." : " yet: press Ctrl+N to submit one.")
                : n + (n == 1 ? " task" : " tasks") + (hasMore.get() ? " loaded; scroll down for older ones" : ""));
    }

    private boolean isFiltered() {
        return !filterStates.get().isEmpty() || (filterText.get() != null && !filterText.get().isBlank());
    }
}
