package io.taskgrid.fx;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The arrays of the folded history: each array's counts ({@code ClientSession.array}, asked off the FX thread), and the
 * members of the arrays the person expanded. Counts are asked for when an array's row is loaded, and again after its
 * members' events — gathered, at most once per array per {@link #flush()} (the window's one-second tick), one call at a
 * time: an array of 100,000 members sends as many events, not as many calls. Used on the FX thread only.
 */
final class ArrayRows {
    private static final Logger LOG = LoggerFactory.getLogger(ArrayRows.class);
    /** The members listed under an expanded array, its first ones; {@code taskgrid history --array} lists them all. */
    static final int MEMBERS_LISTED = 1_000;
    /** Counts of ended arrays kept, so that a reload or the next page asks again only for arrays still going. */
    private static final int ENDED_KEPT = 2_000;

    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final LongFunction<TaskRow> rowOf;
    private final ObservableMap<Long, List<TaskRow>> expanded = FXCollections.observableHashMap();
    private final ObservableMap<Long, List<TaskRow>> expandedShown = FXCollections.unmodifiableObservableMap(expanded);
    private final Map<Long, TaskRow> memberRows = new HashMap<>();
    private final Set<Long> toCount = new LinkedHashSet<>();
    private final Map<Long, ArraySummary> ended = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ArraySummary> eldest) {
            return size() > ENDED_KEPT;
        }
    };
    private boolean counting;

    /** @param rowOf the history's row of a task id (an array's row by the array's id), or null */
    ArrayRows(Supplier<ControllerGateway> gateway, Background background, LongFunction<TaskRow> rowOf) {
        this.gateway = gateway;
        this.background = background;
        this.rowOf = rowOf;
    }

    /** The members listed under each expanded array, by array id, in index order. */
    ObservableMap<Long, List<TaskRow>> expanded() {
        return expandedShown;
    }

    boolean isExpanded(long arrayId) {
        return expanded.containsKey(arrayId);
    }

    /** Rows just loaded: the arrays among them get their counts (kept ones at once, the others asked for). */
    void loaded(Collection<TaskRow> rows) {
        for (TaskRow r : rows) {
            if (r.isArray()) {
                ArraySummary known = ended.get(r.id());
                if (known != null) {
                    r.summarize(known);
                } else {
                    toCount.add(r.id());
                }
            }
        }
        flush();
    }

    /** A member's event: its row if listed is updated; its array's counts are asked for at the next flush. */
    void changed(TaskRecord member) {
        TaskRow listed = memberRows.get(member.id());
        if (listed != null) {
            listed.update(member);
        }
        toCount.add(member.arrayId());
    }

    /** Asks for the counts gathered since the last time, in one background job, unless one is under way. */
    void flush() {
        if (counting || toCount.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(toCount);
        toCount.clear();
        counting = true;
        background.run(() -> {
            List<ArraySummary> found = new ArrayList<>(ids.size());
            for (long id : ids) {
                try {
                    found.add(gateway.get().array(id));
                } catch (ClientException e) {
                    LOG.debug("No counts for array {}: {}", id, e.getMessage()); // gone (retention) or not an array
                }
            }
            return found;
        }, found -> {
            counting = false;
            found.forEach(this::summarized);
        }, why -> {
            counting = false;
            LOG.debug("Array counts not asked: {}", why); // the history says the same failure
        });
    }

    /** Counts the controller gave (an answer to an action too): onto the array's row. */
    void summarized(ArraySummary s) {
        if (s.isFinished()) {
            ended.put(s.arrayId(), s);
        } else {
            ended.remove(s.arrayId());
        }
        TaskRow row = rowOf.apply(s.arrayId());
        if (row != null && row.isArray()) {
            row.summarize(s);
        }
    }

    /** Lists the array's members under its row (the first {@link #MEMBERS_LISTED}), or takes them away. */
    void toggle(TaskRow arrayRow) {
        if (isExpanded(arrayRow.id())) {
            collapse(arrayRow.id());
        } else {
            expand(arrayRow.id());
        }
    }

    void collapse(long arrayId) {
        List<TaskRow> gone = expanded.remove(arrayId);
        if (gone != null) {
            gone.forEach(r -> memberRows.remove(r.id()));
        }
    }

    /** Asks for the array's first members (their ids follow the array's) and lists them under its row. */
    void expand(long arrayId) {
        HistoryQuery first = new HistoryQuery(null, null, null, MEMBERS_LISTED, arrayId + MEMBERS_LISTED).inArray(arrayId);
        background.run(() -> gateway.get().history(first), found -> {
            if (rowOf.apply(arrayId) == null) {
                return; // its row went meanwhile
            }
            List<TaskRow> rows = found.stream().filter(t -> arrayId == (t.arrayId() == null ? -1 : t.arrayId()))
                    .sorted(Comparator.comparingInt(TaskRecord::arrayIndex)).map(TaskRow::member).toList();
            collapse(arrayId);
            rows.forEach(r -> memberRows.put(r.id(), r));
            expanded.put(arrayId, rows);
        }, why -> LOG.debug("Members of array {} not listed: {}", arrayId, why));
    }

    /** The history was loaded again: arrays whose rows went are collapsed, the others list their members anew. */
    void reloaded() {
        for (Long id : List.copyOf(expanded.keySet())) {
            if (rowOf.apply(id) == null) {
                collapse(id);
            } else {
                expand(id);
            }
        }
    }
}
