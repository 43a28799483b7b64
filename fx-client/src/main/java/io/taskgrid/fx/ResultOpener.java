package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens a task's result folder in the desktop's file manager, where the shared folder is mounted on this machine; says
 * in a sentence why not when it is not there. Looks at the disk off the FX thread.
 */
final class ResultOpener {
    private final Background background;
    private final Supplier<String> sharedRoot;
    private final FileOpener opener;

    ResultOpener(Background background, Supplier<String> sharedRoot, FileOpener opener) {
        this.background = background;
        this.sharedRoot = sharedRoot;
        this.opener = opener;
    }

    /** Opens a folder already found on this machine; {@code problem} gets a sentence when the opener fails. */
    void open(Path folder, Consumer<String> problem) {
        String failed = opener.open(folder);
        if (failed != null) {
            problem.accept(failed);
        }
    }

    /** Finds the task's result folder here and opens it; {@code problem} gets why not. */
    void open(TaskRecord t, Consumer<String> problem) {
        if (t.outputWithheld()) {
            problem.accept("The results of task " + t.id() + " are " + DetailView.withheld(t) + ".");
            return;
        }
        String root = sharedRoot.get();
        background.run(() -> {
            SharedFolder shared = SharedFolder.of(root);
            return new Found(shared.folderHere(t.resultPath()).orElse(null), shared.whyNotHere(t.resultPath()));
        }, found -> {
            if (found.here() != null) {
                open(found.here(), problem);
            } else {
                problem.accept("Cannot open the results of task " + t.id() + ". " + found.whyNot());
            }
        }, problem);
    }

    private record Found(Path here, String whyNot) {
    }
}
