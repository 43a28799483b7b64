package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the full-screen {@code watch} shows and where the person is in it: the running and queued tasks, the selected
 * one, the scroll position, the filter, the task whose detail is open, and which {@link Mode} the keys act in. Keys come
 * in through {@link #press}, which holds every move between modes in one place and says what the view must do outside
 * (cancel a task, follow its output, quit). Owned by the view's one drawing thread: not thread-safe.
 */
final class WatchState {

    /** What the keys act on. */
    enum Mode {
        /** The table: arrows move, Enter opens, c cancels, / filters, q quits. */
        LIST,
        /** Typing the filter at the bottom row: Enter keeps it, Esc drops it. */
        FILTERING,
        /** "Cancel task 42? y/n" at the bottom row. */
        CONFIRMING_CANCEL,
        /** One task's fields and live output. */
        DETAIL
    }

    /** What the view does outside the state after a key. */
    sealed interface Effect {
        Effect NONE = new Nothing();

        record Nothing() implements Effect {
        }

        record Quit() implements Effect {
        }

        record Cancel(long taskId) implements Effect {
        }

        /** Start following this task's output (its detail opened). */
        record Follow(long taskId) implements Effect {
        }

        /** Stop following output (its detail closed). */
        record Unfollow() implements Effect {
        }
    }

    private static final Comparator<TaskRecord> RUNNING_FIRST =
            Comparator.comparing((TaskRecord t) -> t.state() != TaskState.RUNNING).thenComparingLong(TaskRecord::id);

    private final Map<Long, TaskRecord> active = new HashMap<>();
    private Mode mode = Mode.LIST;
    private Mode beforeConfirming = Mode.LIST;
    private String filter = "";
    private String filterBeforeTyping = "";
    private Long selectedId;
    private int selectedIndex;
    private int top;
    private int pageRows = 1;
    private TaskRecord detail;
    private TaskRecord toCancel;
    private String note = "";
    private Instant noteUntil = Instant.MIN;

    // --- what the grid says ---

    /** Everything running or queued now, as a reload after a start or missed events found it. */
    void reload(Collection<TaskRecord> tasks) {
        active.clear();
        tasks.forEach(this::apply);
    }

    /** A task changed: an ended one leaves the table (its open detail keeps it, with its final state). */
    void apply(TaskRecord task) {
        if (task.state().isFinal()) {
            active.remove(task.id());
        } else {
            active.put(task.id(), task);
        }
        if (detail != null && detail.id() == task.id()) {
            detail = task;
        }
    }

    /** A sentence at the bottom row for a few seconds: what a cancel did, why it did not. */
    void note(String sentence, Instant until) {
        note = Objects.requireNonNull(sentence, "sentence");
        noteUntil = until;
    }

    // --- what the view reads ---

    Mode mode() {
        return mode;
    }

    String filter() {
        return filter;
    }

    /** The tasks the table shows: those matching the filter, running ones first, then by id. */
    List<TaskRecord> shown() {
        String needle = filter.toLowerCase(Locale.ROOT);
        return active.values().stream().filter(t -> needle.isEmpty() || matches(t, needle)).sorted(RUNNING_FIRST).toList();
    }

    long running() {
        return active.values().stream().filter(t -> t.state() == TaskState.RUNNING).count();
    }

    int total() {
        return active.size();
    }

    /** Index in {@link #shown()} of the selected row; -1 when the table is empty. */
    int selectedIndex(List<TaskRecord> shown) {
        if (shown.isEmpty()) {
            return -1;
        }
        for (int i = 0; selectedId != null && i < shown.size(); i++) {
            if (shown.get(i).id() == selectedId) {
                selectedIndex = i;
                return i;
            }
        }
        // The selected task ended or was filtered out: stay at the same height.
        selectedIndex = Math.min(Math.max(selectedIndex, 0), shown.size() - 1);
        selectedId = shown.get(selectedIndex).id();
        return selectedIndex;
    }

    /** The first row to draw when {@code rows} fit: moved only as far as it takes to keep the selection in view. */
    int top(List<TaskRecord> shown, int rows) {
        pageRows = Math.max(rows, 1);
        int selected = Math.max(selectedIndex(shown), 0);
        if (selected < top) {
            top = selected;
        } else if (selected >= top + pageRows) {
            top = selected - pageRows + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(shown.size() - pageRows, 0)));
        return top;
    }

    TaskRecord detail() {
        return detail;
    }

    TaskRecord toCancel() {
        return toCancel;
    }

    /** The sentence for the bottom row, while it is fresh; else empty. */
    String note(Instant now) {
        return now.isBefore(noteUntil) ? note : "";
    }

    // --- keys ---

    /** A key pressed in the current mode ({@code typed}: the characters, for {@link WatchKey#TEXT}). */
    Effect press(WatchKey key, String typed) {
        return switch (mode) {
            case LIST -> inList(key);
            case FILTERING -> inFilter(key, typed);
            case CONFIRMING_CANCEL -> inConfirmation(key);
            case DETAIL -> inDetail(key);
        };
    }

    private Effect inList(WatchKey key) {
        List<TaskRecord> shown = shown();
        switch (key) {
            case UP -> move(shown, -1);
            case DOWN -> move(shown, 1);
            case PAGE_UP -> move(shown, -pageRows);
            case PAGE_DOWN -> move(shown, pageRows);
            case HOME -> move(shown, -shown.size());
            case END -> move(shown, shown.size());
            case ENTER -> {
                TaskRecord selected = selected(shown);
                if (selected != null) {
                    detail = selected;
                    mode = Mode.DETAIL;
                    return new Effect.Follow(selected.id());
                }
            }
            case CANCEL -> askToCancel(selected(shown), Mode.LIST);
            case FILTER -> {
                filterBeforeTyping = filter;
                mode = Mode.FILTERING;
            }
            case ESCAPE -> filter = "";
            case QUIT -> {
                return new Effect.Quit();
            }
            default -> {
                // Other keys mean nothing in the table.
            }
        }
        return Effect.NONE;
    }

    private Effect inFilter(WatchKey key, String typed) {
        switch (key) {
            case TEXT -> filter = filter + typed.replaceAll("\\p{Cntrl}", "");
            case BACKSPACE -> filter = filter.isEmpty() ? filter : filter.substring(0, filter.offsetByCodePoints(filter.length(), -1));
            case ENTER -> mode = Mode.LIST;
            case ESCAPE -> {
                filter = filterBeforeTyping;
                mode = Mode.LIST;
            }
            default -> {
                // Arrows and the like while typing: ignored, the filter line keeps the keys.
            }
        }
        return Effect.NONE;
    }

    private Effect inConfirmation(WatchKey key) {
        TaskRecord task = toCancel;
        boolean yes = key == WatchKey.YES;
        if (yes || key == WatchKey.NO || key == WatchKey.ESCAPE || key == WatchKey.QUIT) {
            toCancel = null;
            mode = beforeConfirming;
            return yes && task != null ? new Effect.Cancel(task.id()) : Effect.NONE;
        }
        return Effect.NONE;
    }

    private Effect inDetail(WatchKey key) {
        switch (key) {
            case ESCAPE, BACKSPACE, QUIT, ENTER -> {
                mode = Mode.LIST;
                detail = null;
                return new Effect.Unfollow();
            }
            case CANCEL -> askToCancel(detail, Mode.DETAIL);
            default -> {
                // The detail follows the output by itself.
            }
        }
        return Effect.NONE;
    }

    private void askToCancel(TaskRecord task, Mode back) {
        if (task == null || task.state().isFinal()) {
            return;
        }
        toCancel = task;
        beforeConfirming = back;
        mode = Mode.CONFIRMING_CANCEL;
    }

    private void move(List<TaskRecord> shown, int by) {
        if (shown.isEmpty()) {
            return;
        }
        int from = Math.max(selectedIndex(shown), 0);
        selectedIndex = Math.max(0, Math.min(shown.size() - 1, from + by));
        selectedId = shown.get(selectedIndex).id();
    }

    private TaskRecord selected(List<TaskRecord> shown) {
        int i = selectedIndex(shown);
        return i < 0 ? null : shown.get(i);
    }

    private static boolean matches(TaskRecord t, String needle) {
        return String.valueOf(t.id()).equals(needle)
                || contains(t.program(), needle) || contains(t.project(), needle) || contains(t.clientUser(), needle)
                || contains(t.agentId(), needle) || contains(t.state().label(), needle)
                || t.arguments() != null && t.arguments().stream().anyMatch(a -> contains(a, needle));
    }

    private static boolean contains(String field, String needle) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(needle);
    }
}
