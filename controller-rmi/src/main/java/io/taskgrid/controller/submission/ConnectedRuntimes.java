package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The languages the connected agents run, as a snapshot.
 *
 * @param agents    how many agents are connected
 * @param languages what they run together
 */
public record ConnectedRuntimes(int agents, Set<Language> languages) {
    public static final ConnectedRuntimes NONE = new ConnectedRuntimes(0, Set.of());

    public ConnectedRuntimes {
        languages = languages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(languages));
    }

    /** "bash, java, python, sh": sorted display names. */
    public String describe() {
        return languages.stream().map(Language::displayName).sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "));
    }

    /** The sentence for a language no connected agent runs. */
    public String noAgentRuns(Language language) {
        return "No connected agent runs " + language.displayName() + " programs; connected agents run: " + describe() + ".";
    }
}
