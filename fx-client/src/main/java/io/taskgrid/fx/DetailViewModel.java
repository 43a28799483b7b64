package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.output.OutputFollower;
import io.taskgrid.client.session.ControllerGateway;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One task's detail window: the full record, refreshed by the task's events (state, agent, CPU and memory while it
 * runs) and fetched again once it ends; its stdout and stderr, followed as the agent writes them while it runs
 * ({@link OutputFollower} on a thread of {@code following}, as the console's {@code logs -f}), else the output the
 * record carries. Every method runs on the FX thread; {@link #close()} stops the following.
 */
final class DetailViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DetailViewModel.class);

    private final long taskId;
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ExecutorService following;
    private final ReadOnlyObjectWrapper<TaskRecord> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper stdout = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stderr = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<TaskAttempt> attempts = FXCollections.observableArrayList();
    private final ObservableList<TaskAttempt> attemptsShown = FXCollections.unmodifiableObservableList(attempts);
    private final ObservableList<TaskRecord> dependants = FXCollections.observableArrayList();
    private final ObservableList<TaskRecord> dependantsShown = FXCollections.unmodifiableObservableList(dependants);
    private final BooleanBinding cancellable;
    private final RunAgain runAgain;
    private final String sharedRoot;
    private final ReadOnlyObjectWrapper<TaskFiles.Seen> files = new ReadOnlyObjectWrapper<>(TaskFiles.Seen.NOTHING);
    private final ReadOnlyStringWrapper runAgainProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    /** The output is being followed, or was followed to its end: it, not the record's excerpt, is shown. */
    private boolean followed;
    private Future<?> follower;
    private boolean closed;

    DetailViewModel(long taskId, TaskRecord known, Supplier<ControllerGateway> gateway, Background background,
                    ExecutorService following) {
        this(taskId, known, gateway, background, following, new RunAgain(gateway, background, new SubmittedPrograms(), t -> {
        }), null);
    }

    /**
     * @param runAgain   submits the task again (the same for the history's menu)
     * @param sharedRoot the controller's shared folder on its host, or null when not known
     */
    DetailViewModel(long taskId, TaskRecord known, Supplier<ControllerGateway> gateway, Background background,
                    ExecutorService following, RunAgain runAgain, String sharedRoot) {
        this.taskId = taskId;
        this.gateway = gateway;
        this.background = background;
        this.following = following;
        this.runAgain = runAgain;
        this.sharedRoot = sharedRoot;
        cancellable = Bindings.createBooleanBinding(() -> task.get() != null && !task.get().state().isFinal(), task);
        show(known);
    }

    long taskId() {
        return taskId;
    }

    ReadOnlyObjectProperty<TaskRecord> taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** What the task wrote on stdout (or why it cannot be seen). */
    ReadOnlyStringProperty stdoutProperty() {
        return stdout.getReadOnlyProperty();
    }

    ReadOnlyStringProperty stderrProperty() {
        return stderr.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Every run of the task with its agent, first first, as the console's {@code show} lists them. */
    ObservableList<TaskAttempt> attempts() {
        return attemptsShown;
    }

    /** The tasks that wait for this one (or for its array), lowest id first, at most {@link DetailLinks#DEPENDANTS_SHOWN}. */
    ObservableList<TaskRecord> dependants() {
        return dependantsShown;
    }

    BooleanBinding cancellableProperty() {
        return cancellable;
    }

    /** The result folder and the program's text as this machine sees them; {@link TaskFiles.Seen#NOTHING} at first. */
    ReadOnlyObjectProperty<TaskFiles.Seen> filesProperty() {
        return files.getReadOnlyProperty();
    }

    /** Why the task cannot be run again from here, or "" when it can. */
    ReadOnlyStringProperty runAgainProblemProperty() {
        return runAgainProblem.getReadOnlyProperty();
    }

    /** What the last action did ("Task 42 runs task 7 again."), or "". */
    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Submits the task again (same program, data, arguments, project, priority; force); says which task it became. */
    void runAgain() {
        TaskRecord t = task.get();
        notice.set("");
        runAgain.run(List.of(t), news -> {
            error.set("");
            notice.set(RunAgain.sentence(List.of(t), news));
        }, error::set);
    }

    /** Opens the result folder found on this machine; a failure to start the file manager is said as an error. */
    void openResults(ResultOpener results) {
        Path here = files.get().resultHere();
        if (here != null) {
            error.set("");
            results.open(here, error::set);
        }
    }

    /** Fetches the task with its output, and its attempts; then looks at its files. */
    void load() {
        background.run(() -> gateway.get().task(taskId), full -> {
            error.set("");
            show(full);
            lookAtFiles(full);
        }, error::set);
        background.run(() -> gateway.get().attempts(taskId), attempts::setAll, error::set);
        // A controller without dependencies refuses: then nothing waits for it, and nothing is said.
        background.run(() -> gateway.get().dependants(taskId, DetailLinks.DEPENDANTS_SHOWN), dependants::setAll,
                why -> LOG.debug("No dependants of task {}: {}", taskId, why));
    }

    /** A newer state from an event (without output): keeps the output shown, fetches it again at the end. */
    void apply(TaskRecord update) {
        if (update.id() != taskId) {
            return;
        }
        TaskRecord old = task.get();
        boolean ended = update.state().isFinal() && (old == null || !old.state().isFinal());
        if (!ended && old != null && (old.attempt() != update.attempt() || old.state() != update.state())) {
            background.run(() -> gateway.get().attempts(taskId), attempts::setAll, error::set); // a run began or ended
        }
        show(old == null ? update : update.toBuilder().output(old.output()).errorOutput(old.errorOutput()).build());
        if (ended) {
            load();
        }
    }

    void cancel() {
        background.run(() -> gateway.get().cancel(taskId), t -> {
            error.set("");
            apply(t);
        }, error::set);
    }

    /** The window closed: stops following the output. Idempotent. */
    void close() {
        closed = true;
        stopFollowing();
    }

    /** The result folder and the program's text, read off the FX thread (the shared folder may be a slow mount). */
    private void lookAtFiles(TaskRecord t) {
        Optional<ProgramSource> known = runAgain.program(t);
        background.run(() -> {
            String refused = "";
            Optional<ProgramSource> program = known;
            if (program.isEmpty()) {
                try {
                    program = Optional.of(runAgain.fetch(t));
                } catch (ClientException e) {
                    refused = e.getMessage();
                }
            }
            return TaskFiles.look(t, SharedFolder.of(sharedRoot), program, refused);
        }, files::set, error::set);
    }

    private void show(TaskRecord t) {
        if (t == null) {
            return;
        }
        task.set(t);
        String problem = runAgain.problem(t);
        runAgainProblem.set(problem == null ? "" : problem);
        if (t.outputWithheld()) {
            stdout.set("Output " + DetailView.withheld(t) + ".");
            stderr.set("Errors " + DetailView.withheld(t) + ".");
        } else if (!followed) {
            stdout.set(t.output() == null ? "" : t.output());
            stderr.set(t.errorOutput() == null ? "" : t.errorOutput());
        }
        if (t.state() == TaskState.RUNNING && !t.outputWithheld()) {
            startFollowing();
        }
    }

    private void startFollowing() {
        if (follower != null || closed) {
            return;
        }
        followed = true;
        stdout.set("");
        stderr.set("");
        try {
            follower = following.submit(this::follow);
        } catch (RejectedExecutionException e) {
            LOG.debug("Window closing; the output of task {} is not followed", taskId);
        }
    }

    /** On a following thread: until the task ended and all is read, the window closed or the controller went away. */
    private void follow() {
        OutputFollower.Sink sink = new OutputFollower.Sink() {
            @Override
            public void stdout(String text) {
                background.ui(() -> stdout.set(stdout.get() + text));
            }

            @Override
            public void stderr(String text) {
                background.ui(() -> stderr.set(stderr.get() + text));
            }

            @Override
            public void restarted(long id, int attempt) {
                background.ui(() -> {
                    stdout.set("");
                    stderr.set("");
                });
            }
        };
        try {
            new OutputFollower(gateway.get(), OutputFollower.Pause.SLEEP).follow(taskId, sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClientException e) {
            // The controller went away (reloaded on reconnection) or refused: the record's output is shown instead.
            LOG.debug("Stopped following the output of task {}: {}", taskId, e.getMessage());
            background.ui(() -> {
                follower = null;
                followed = false;
            });
        } catch (RuntimeException e) {
            LOG.warn("Following the output of task {} failed unexpectedly", taskId, e);
        }
    }

    private void stopFollowing() {
        if (follower != null) {
            follower.cancel(true);
            follower = null;
        }
    }
}
