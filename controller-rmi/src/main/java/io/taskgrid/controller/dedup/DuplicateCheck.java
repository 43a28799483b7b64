package io.taskgrid.controller.dedup;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.submission.Verdict;
import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.policy.SharedRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Finds, at submission, an earlier task that SUCCEEDED with the same program, data and arguments: the new task
 * then ends at once as its duplicate instead of running again. Costs a stat per file (or a digest in
 * CONTENT mode) and one index lookup; never reads data in METADATA mode.
 */
public final class DuplicateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateCheck.class);

    private final SharedRoot sharedRoot;
    private final TaskStore store;

    public DuplicateCheck(SharedRoot sharedRoot, TaskStore store) {
        this.sharedRoot = sharedRoot;
        this.store = store;
    }

    /**
     * The fingerprint of an accepted spec, or {@code null} when its files cannot be stat'ed or read now (the
     * task then runs, and fails there if a file is really gone). Takes the program and data as {@code verdict}'s
     * validation found them.
     */
    public String fingerprint(TaskSpec spec, Verdict verdict) {
        try {
            return Fingerprint.of(spec, verdict.program(), verdict.data());
        } catch (IOException | RuntimeException e) {
            LOG.info("No duplicate check for {}: {}", spec.program().describe(), e.toString());
            return null;
        }
    }

    /**
     * The newest task that succeeded with this fingerprint and whose result folder is still on the shared
     * folder; empty when there is none (or {@code fingerprint} is null).
     */
    public Optional<TaskRecord> earlier(String fingerprint) {
        if (fingerprint == null) {
            return Optional.empty();
        }
        return store.succeededWithFingerprint(fingerprint).filter(this::resultStillThere);
    }

    /** The record of a duplicate of {@code earlier}: ended now, pointing at the earlier task and its result. */
    public static TaskRecord duplicate(TaskRecord draft, TaskRecord earlier) {
        return draft.toBuilder()
                .state(io.taskgrid.api.task.TaskState.DUPLICATE)
                .duplicateOf(earlier.id())
                .resultPath(earlier.resultPath())
                .exitCode(earlier.exitCode())
                .endedAt(draft.submittedAt())
                .message("Duplicate of task " + earlier.id() + ": the same program, data and arguments already succeeded"
                        + (earlier.resultPath() == null ? "" : "; its result is in " + earlier.resultPath())
                        + ". Submit with --force to run it again.")
                .build();
    }

    private boolean resultStillThere(TaskRecord earlier) {
        if (earlier.resultPath() == null) {
            return true;
        }
        try {
            boolean there = Files.isDirectory(sharedRoot.resolve(earlier.resultPath(), "result"));
            if (!there) {
                LOG.info("Task {} had the same fingerprint but its result {} is gone; running again", earlier.id(), earlier.resultPath());
            }
            return there;
        } catch (PathOutsideSharedRootException e) {
            return false;
        }
    }
}
