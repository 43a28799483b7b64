package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;

import java.time.Duration;

/**
 * What validation decided about a spec.
 *
 * @param language  detected language, or {@code null} when it could not be told
 * @param timeout   the effective timeout (the spec's or the controller's default), may be {@code null}
 * @param rejection a sentence naming the problem and the fix, or {@code null} when the spec is accepted
 * @param program   the shared program as validation found it, or {@code null} (inline, or not found)
 * @param data      the data as validation found it, or {@code null} (none, or not found)
 * @param requirements the agent labels it requires, checked; {@link Requirements#NONE} when refused before they were read
 */
public record Verdict(Language language, Duration timeout, String rejection, SharedFile program, SharedFile data,
                      Requirements requirements) {
    public Verdict {
        requirements = requirements == null ? Requirements.NONE : requirements;
    }

    /** The same verdict, refused for {@code why}. */
    public Verdict refused(String why) {
        return new Verdict(language, timeout, why, program, data, requirements);
    }

    public boolean accepted() {
        return rejection == null;
    }
}
