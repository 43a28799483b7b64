package io.taskgrid.fx;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows the history table shows: the rows of {@code source} (the model's rows, sorted as the table says) with the
 * members of each expanded array right under its row, in index order whatever the sort. The members are not rows of the
 * model: paging, the bound on rows and the filter know nothing of them, and an array's row that leaves (dropped, filtered
 * out) takes its members along. Each change of the source becomes the matching ranges here (the selection and the
 * reader's place stay as with the source itself); a sort is passed on as a permutation.
 */
final class ArrayExpansion {
    private final ObservableList<TaskRow> source;
    private final ObservableMap<Long, List<TaskRow>> members;
    private final ObservableList<TaskRow> shown = FXCollections.observableArrayList();
    private final ObservableList<TaskRow> readOnly = FXCollections.unmodifiableObservableList(shown);
    /** How many member rows {@link #shown} holds: none is the usual case, where an index here is one of the source. */
    private int memberRows;

    ArrayExpansion(ObservableList<TaskRow> source, ObservableMap<Long, List<TaskRow>> members) {
        this.source = source;
        this.members = members;
        shown.setAll(withMembers(source));
        source.addListener(this::sourceChanged);
        members.addListener(this::membersChanged);
    }

    /** The table's items (read-only: the table sorts the source, see {@code HistoryTable}). */
    ObservableList<TaskRow> rows() {
        return readOnly;
    }

    private void sourceChanged(ListChangeListener.Change<? extends TaskRow> c) {
        while (c.next()) {
            if (c.wasPermutated()) {
                resort();
            } else if (!c.wasUpdated()) {
                if (c.wasRemoved()) {
                    int from = viewIndex(c.getFrom());
                    int to = viewIndex(c.getFrom() + c.getRemovedSize());
                    memberRows -= (to - from) - c.getRemovedSize();
                    shown.remove(from, to);
                }
                if (c.wasAdded()) {
                    shown.addAll(viewIndex(c.getFrom()), withMembers(c.getAddedSubList()));
                }
            }
        }
    }

    /** An array expanded (its members listed), collapsed, or its members listed anew. */
    private void membersChanged(MapChangeListener.Change<? extends Long, ? extends List<TaskRow>> c) {
        int head = headIndex(c.getKey());
        if (head < 0) {
            return; // its row is not shown: its members come with it
        }
        if (c.wasRemoved()) {
            int n = c.getValueRemoved().size();
            shown.remove(head + 1, head + 1 + n);
            memberRows -= n;
        }
        if (c.wasAdded()) {
            shown.addAll(head + 1, c.getValueAdded());
            memberRows += c.getValueAdded().size();
        }
    }

    /** The rows with the members of expanded arrays after theirs (counted in {@link #memberRows}). */
    private List<TaskRow> withMembers(List<? extends TaskRow> rows) {
        List<TaskRow> out = new ArrayList<>(rows.size());
        for (TaskRow r : rows) {
            out.add(r);
            List<TaskRow> listed = r.isArray() ? members.get(r.id()) : null;
            if (listed != null) {
                out.addAll(listed);
                memberRows += listed.size();
            }
        }
        return out;
    }

    /** Where the source's row {@code sourceIndex} is here (the end for the source's size), as {@link #shown} is now. */
    private int viewIndex(int sourceIndex) {
        if (memberRows == 0) {
            return sourceIndex;
        }
        int seen = 0;
        for (int i = 0; i < shown.size(); i++) {
            if (!shown.get(i).isMember() && seen++ == sourceIndex) {
                return i;
            }
        }
        return shown.size();
    }

    private int headIndex(long arrayId) {
        for (int i = 0; i < shown.size(); i++) {
            TaskRow r = shown.get(i);
            if (!r.isMember() && r.id() == arrayId && r.isArray()) {
                return i;
            }
        }
        return -1;
    }

    /** The source was sorted anew: the same order here, each array's members still under it, as one permutation. */
    private void resort() {
        Map<TaskRow, Integer> at = new IdentityHashMap<>();
        Map<Long, Integer> arrayAt = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            TaskRow r = source.get(i);
            at.put(r, i);
            if (r.isArray()) {
                arrayAt.put(r.id(), i);
            }
        }
        Comparator<TaskRow> order = Comparator
                .comparingInt((TaskRow r) -> r.isMember() ? arrayAt.getOrDefault(r.task().arrayId(), Integer.MAX_VALUE)
                        : at.getOrDefault(r, Integer.MAX_VALUE))
                .thenComparingInt(r -> r.isMember() ? 1 : 0)
                .thenComparingInt(r -> r.isMember() ? r.task().arrayIndex() : 0);
        FXCollections.sort(shown, order);
    }
}
