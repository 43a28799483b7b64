package io.taskgrid.fx;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.session.ControllerGateway;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The submit dialog's Array and After fields: an array of indexes as the console's {@code --array} takes it
 * ({@code 1-1000:2%10}, read by {@link TaskArray#parse}, said back in a sentence as it is typed), and the tasks to wait
 * for ({@code 41 42.7}: task ids or members of arrays) with how they must end. A member is named by its array and index;
 * its task id is asked of the controller when the dialog submits, off the FX thread.
 */
final class SubmitWorkflow {
    private static final Pattern REF = Pattern.compile("(\\d{1,18})(?:\\.(\\d{1,9}))?");

    /** A task to wait for as typed: a task id, or an array's id and a member's index. */
    record Ref(long id, Integer index) {
        /** The task id: the one typed, or the member's, asked of the controller (off the FX thread). */
        long taskId(ControllerGateway gateway) {
            return index == null ? id : gateway.member(id, index).id();
        }
    }

    private final StringProperty array = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper arrayError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper arraySentence = new ReadOnlyStringWrapper("");
    private final StringProperty after = new SimpleStringProperty("");
    private final ObjectProperty<Dependency.Kind> afterKind = new SimpleObjectProperty<>(Dependency.Kind.SUCCEEDED);
    private final ReadOnlyStringWrapper afterError = new ReadOnlyStringWrapper("");

    SubmitWorkflow() {
        array.addListener((o, was, now) -> describe());
    }

    StringProperty arrayProperty() { return array; }
    ReadOnlyStringProperty arrayErrorProperty() { return arrayError.getReadOnlyProperty(); }
    /** What the typed array makes, in a sentence ("4 tasks, indexes 1 to 4, at most 2 running at once."), or "". */
    ReadOnlyStringProperty arraySentenceProperty() { return arraySentence.getReadOnlyProperty(); }
    StringProperty afterProperty() { return after; }
    ObjectProperty<Dependency.Kind> afterKindProperty() { return afterKind; }
    ReadOnlyStringProperty afterErrorProperty() { return afterError.getReadOnlyProperty(); }

    /** Checks both fields, each problem next to its field; true when both are fine. */
    boolean validate() {
        boolean ok = true;
        try {
            array();
            arrayError.set("");
        } catch (IllegalArgumentException e) {
            arrayError.set(e.getMessage());
            ok = false;
        }
        try {
            refs();
            afterError.set("");
        } catch (IllegalArgumentException e) {
            afterError.set(e.getMessage());
            ok = false;
        }
        return ok;
    }

    /** The array typed, or null for one task. */
    TaskArray array() {
        String t = array.get() == null ? "" : array.get().strip();
        return t.isEmpty() ? null : TaskArray.parse(t);
    }

    /** The tasks to wait for as typed, separated by spaces or commas; none for an empty field. */
    List<Ref> refs() {
        String t = after.get() == null ? "" : after.get().strip();
        List<Ref> refs = new ArrayList<>();
        if (t.isEmpty()) {
            return refs;
        }
        for (String word : t.split("[\\s,]+")) {
            Matcher m = REF.matcher(word);
            long id = m.matches() ? Long.parseLong(m.group(1)) : 0;
            if (id < 1) {
                String shown = word.length() > 20 ? word.substring(0, 20) + "…" : word;
                throw new IllegalArgumentException("'" + shown + "' is not a task to wait for; write task ids or members of"
                        + " arrays, such as 41 42.7, separated by spaces.");
            }
            refs.add(new Ref(id, m.group(2) == null ? null : Integer.valueOf(m.group(2))));
        }
        if (refs.size() > TaskSpec.MAX_DEPENDENCIES) {
            throw new IllegalArgumentException("A task waits for at most " + TaskSpec.MAX_DEPENDENCIES + " tasks, not "
                    + refs.size() + "; wait for their arrays instead.");
        }
        return refs;
    }

    /** Off the FX thread: the dependencies to send, members' ids asked of the controller. */
    static List<Dependency> resolve(List<Ref> refs, Dependency.Kind kind, ControllerGateway gateway) {
        return refs.stream().map(r -> new Dependency(kind, r.taskId(gateway))).toList();
    }

    /** The sentence under the Array field, as it is typed: what it makes, or nothing while it is not an array yet. */
    private void describe() {
        try {
            TaskArray a = array();
            arraySentence.set(a == null ? "" : sentence(a));
            arrayError.set("");
        } catch (IllegalArgumentException e) {
            arraySentence.set("");
        }
    }

    /** "4 tasks, indexes 1 to 4, at most 2 running at once; each gets its index in TASKGRID_ARRAY_INDEX." */
    static String sentence(TaskArray a) {
        String indexes = a.size() == 1 ? "index " + a.first()
                : "indexes " + a.first() + " to " + a.lastIndex() + (a.step() == 1 ? "" : " by " + a.step());
        return a.size() + (a.size() == 1 ? " task, " : " tasks, ") + indexes
                + (a.limited() ? ", at most " + a.limit() + " running at once" : "")
                + "; each gets its index in TASKGRID_ARRAY_INDEX.";
    }
}
