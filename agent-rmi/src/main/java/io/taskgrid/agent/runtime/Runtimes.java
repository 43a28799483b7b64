package io.taskgrid.agent.runtime;

import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runtimes found on this host, detected once at start and reused for every task, so that the hot
 * path never asks an interpreter for its version again.
 */
public final class Runtimes {
    private final Map<Language, RuntimeInfo> byLanguage;

    public Runtimes(List<RuntimeInfo> found) {
        Map<Language, RuntimeInfo> map = new EnumMap<>(Language.class);
        for (RuntimeInfo info : found) {
            map.putIfAbsent(info.language(), info);
        }
        this.byLanguage = Collections.unmodifiableMap(map);
    }

    public Optional<RuntimeInfo> find(Language language) {
        return Optional.ofNullable(byLanguage.get(language));
    }

    public boolean supports(Language language) {
        return byLanguage.containsKey(language);
    }

    /** In {@link Language} order, as sent to the controller. */
    public List<RuntimeInfo> all() {
        return List.copyOf(new ArrayList<>(byLanguage.values()));
    }

    /** "bash, java, python, sh": the languages this agent runs, sorted by name, for messages. */
    public String describe() {
        return byLanguage.keySet().stream()
                .filter(l -> l != Language.EXECUTABLE)
                .map(Language::displayName)
                .sorted()
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return byLanguage.values().stream()
                .map(r -> r.language().displayName() + "=" + r.command() + (r.version().isEmpty() ? "" : " (" + r.version() + ")"))
                .collect(Collectors.joining(", ", "Runtimes[", "]"));
    }
}
