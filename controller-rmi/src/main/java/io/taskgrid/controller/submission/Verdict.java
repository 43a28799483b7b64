package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;

import java.time.Duration;

/**
 * What validation decided about a spec.
 *
 * @param language  detected language, or {@code null} when it could not be told
 * @param timeout   the effective timeout (the spec's or the controller's default), may be {@code null}
 * @param rejection a sentence naming the problem and the fix, or {@code null} when the spec is accepted
 * @param program   the shared program as validation found it, or {@code null} (inline, or not found)
 * @param data      the data as validation found it, or {@code null} (none, or not found)
 */
public record Verdict(Language language, Duration timeout, String rejection, SharedFile program, SharedFile data) {
    public boolean accepted() {
        return rejection == null;
    }
}
