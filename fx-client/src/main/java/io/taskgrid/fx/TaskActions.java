package io.taskgrid.fx;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the history's context menu and keys do to the selected tasks: cancel, hold, release, another priority. Each
 * call goes to the controller off the FX thread; the answer updates the rows, a refusal is shown as the controller's
 * sentence in {@link #errorProperty()}. Which actions apply to which tasks is decided here, not in the view.
 */
final class TaskActions {
    static final int LOWEST_PRIORITY = -100;
    static final int HIGHEST_PRIORITY = 100;

    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final HistoryViewModel history;
    private final RunAgain runAgain;
    private final ResultOpener results;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    TaskActions(Supplier<ControllerGateway> gateway, Background background, HistoryViewModel history, RunAgain runAgain,
                ResultOpener results) {
        this.gateway = gateway;
        this.background = background;
        this.history = history;
        this.runAgain = runAgain;
        this.results = results;
    }

    /** Opens the task's result folder where the shared folder is mounted here; says why not above the table. */
    void openResults(TaskRecord t) {
        error.set("");
        results.open(t, error::set);
    }

    /** The controller's last refusal, or "" once an action went through. */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether every one of the tasks can be run again from here (its program is known here). */
    boolean canRunAgain(Collection<TaskRecord> tasks) {
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> runAgain.problem(t) == null);
    }

    /** Submits the tasks again (same program, data, arguments, project, priority; force). */
    void runAgain(List<TaskRecord> tasks) {
        runAgain.run(tasks, news -> error.set(""), error::set);
    }

    static boolean canCancel(Collection<TaskRecord> tasks) {
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> !t.state().isFinal());
    }

    static boolean canHold(Collection<TaskRecord> tasks) {
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> t.state() == TaskState.QUEUED && !t.held());
    }

    static boolean canRelease(Collection<TaskRecord> tasks) {
        return !tasks.isEmpty() && tasks.stream().allMatch(TaskRecord::held);
    }

    static boolean canReprioritize(Collection<TaskRecord> tasks) {
        return !tasks.isEmpty() && tasks.stream().allMatch(t -> t.state() == TaskState.QUEUED);
    }

    /** "Cancel task 7 (a.py)?" for one task, "Cancel 3 tasks?" for more; running ones are said to be killed. */
    static String cancelQuestion(List<TaskRecord> tasks) {
        boolean running = tasks.stream().anyMatch(t -> t.state() == TaskState.RUNNING);
        String question = tasks.size() == 1
                ? "Cancel task " + tasks.get(0).id() + " (" + tasks.get(0).program() + ")?"
                : "Cancel " + tasks.size() + " tasks?";
        return question + (running ? (tasks.size() == 1 ? " Its processes are killed." : " The processes of those running are killed.") : "");
    }

    /**
     * What is wrong with a priority as typed, in a sentence, or null when it is a whole number in range.
     */
    static String priorityProblem(String text) {
        try {
            int p = Integer.parseInt(text == null ? "" : text.strip());
            return p < LOWEST_PRIORITY || p > HIGHEST_PRIORITY ? "The priority must be between " + LOWEST_PRIORITY
                    + " and " + HIGHEST_PRIORITY + "; " + p + " is not." : null;
        } catch (NumberFormatException e) {
            return "Type a whole number between " + LOWEST_PRIORITY + " and " + HIGHEST_PRIORITY + ", such as 10; \""
                    + (text == null ? "" : text.strip()) + "\" is not one.";
        }
    }

    /** Whether the array (its counts, null while unknown) has a member left to cancel. */
    static boolean canCancelArray(ArraySummary a) {
        return a == null || !a.isFinished();
    }

    /** Whether the array has a waiting member to hold or release (its counts do not tell the held ones apart). */
    static boolean canHoldArray(ArraySummary a) {
        return a == null || a.count(TaskState.QUEUED) > 0;
    }

    /** "Cancel array 42 (sim.py), its 20 members that have not ended?"; those running are said to be killed. */
    static String cancelArrayQuestion(long arrayId, TaskRecord first, ArraySummary a) {
        String which = a == null ? "its members that have not ended" : (a.size() - a.ended()) == 1
                ? "its 1 member that has not ended" : "its " + (a.size() - a.ended()) + " members that have not ended";
        boolean running = a == null || a.count(TaskState.RUNNING) > 0;
        return "Cancel array " + arrayId + " (" + first.program() + "), " + which + "?"
                + (running ? " The processes of those running are killed." : "");
    }

    void cancelArray(long arrayId) {
        array(g -> g.cancelArray(arrayId));
    }

    void holdArray(long arrayId) {
        array(g -> g.holdArray(arrayId));
    }

    void releaseArray(long arrayId) {
        array(g -> g.releaseArray(arrayId));
    }

    /** One call for a whole array; its answer (the array's counts) goes onto the array's row. */
    private void array(Function<ControllerGateway, ArraySummary> call) {
        background.run(() -> call.apply(gateway.get()), counts -> {
            error.set("");
            history.arrays().summarized(counts);
        }, error::set);
    }

    void cancel(List<TaskRecord> tasks) {
        each(tasks, t -> gateway.get().cancel(t.id()));
    }

    void hold(List<TaskRecord> tasks) {
        each(tasks, t -> gateway.get().hold(t.id()));
    }

    void release(List<TaskRecord> tasks) {
        each(tasks, t -> gateway.get().release(t.id()));
    }

    /** Gives the tasks the priority typed; {@code text} passed {@link #priorityProblem}. */
    void reprioritize(List<TaskRecord> tasks, String text) {
        String problem = priorityProblem(text);
        if (problem != null) {
            error.set(problem);
            return;
        }
        int priority = Integer.parseInt(text.strip());
        each(tasks, t -> gateway.get().reprioritize(t.id(), priority));
    }

    /** One call a task, in one background job; what went through is applied even when a later one is refused. */
    private void each(List<TaskRecord> tasks, Function<TaskRecord, TaskRecord> call) {
        List<TaskRecord> which = List.copyOf(tasks);
        background.run(() -> {
            Outcome outcome = new Outcome(new ArrayList<>(), null);
            for (TaskRecord t : which) {
                try {
                    outcome.changed().add(call.apply(t));
                } catch (ClientException e) {
                    return new Outcome(outcome.changed(), e.getMessage());
                }
            }
            return outcome;
        }, outcome -> {
            if (!outcome.changed().isEmpty()) {
                history.apply(outcome.changed());
            }
            error.set(outcome.refusal() == null ? "" : outcome.refusal());
        }, error::set);
    }

    private record Outcome(List<TaskRecord> changed, String refusal) {
    }
}
