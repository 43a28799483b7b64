package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import javafx.animation.PauseTransition;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens the submit dialog and the task detail windows of the main window. Each is built ahead ({@link Prebuilt}): the
 * first a second after the window showed, the next when the previous one closed; the submit dialog again when the window
 * connects to another controller (its shared folder). A key press only fills one in and shows it.
 */
final class TaskDialogs {
    private final Stage stage;
    private final MainViewModel model;
    private final Formats formats;
    private final Path workingDirectory;
    private final Consumer<TaskRecord> submitted;
    private final Prebuilt<SubmitView> nextSubmit = new Prebuilt<>(this::newSubmitView);
    private final Prebuilt<DetailView> nextDetail = new Prebuilt<>(this::newDetailView);

    /** @param submitted what the main window does with a task submitted from the dialog (after the model knows it) */
    TaskDialogs(Stage stage, MainViewModel model, Formats formats, Path workingDirectory, Consumer<TaskRecord> submitted) {
        this.stage = stage;
        this.model = model;
        this.formats = formats;
        this.workingDirectory = workingDirectory;
        this.submitted = submitted;
    }

    /** Builds the first ones a second after the window shows (its first frames drawn). */
    void prepare() {
        PauseTransition firstFrames = new PauseTransition(Duration.seconds(1));
        firstFrames.setOnFinished(e -> {
            nextSubmit.prepareLater();
            nextDetail.prepareLater();
        });
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> firstFrames.playFromStart());
        model.controllerProperty().addListener((o, was, now) -> {
            nextSubmit.discard();
            nextSubmit.prepareLater();
        });
    }

    void openDetail(TaskRow row) {
        show(model.openDetail(row));
    }

    /** The detail of a task named by a link (a dependency, a dependant, a member's array): its row's, or fetched. */
    void openDetail(long taskId) {
        TaskRow row = model.history().row(taskId);
        show(row != null ? model.openDetail(row) : model.openDetail(taskId, null));
    }

    private void show(DetailViewModel detail) {
        nextDetail.take().show(detail, () -> {
            model.closed(detail);
            nextDetail.prepareLater();
        });
    }

    void openSubmit() {
        if (!model.connectedProperty().get()) {
            return;
        }
        SubmitView submit = nextSubmit.take();
        submit.onHidden(nextSubmit::prepareLater);
        submit.show();
    }

    private DetailView newDetailView() {
        return new DetailView(stage, formats, model.results(), this::openDetail);
    }

    private SubmitView newSubmitView() {
        return new SubmitView(stage, model.newSubmission(workingDirectory), task -> {
            model.submitted(task);
            submitted.accept(task);
        });
    }
}
