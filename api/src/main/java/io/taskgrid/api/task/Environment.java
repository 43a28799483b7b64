package io.taskgrid.api.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The variables a submitter gives a task's program ({@code submit --env NAME=VALUE}), as the records hold them. */
public final class Environment {
    private Environment() {
    }

    /** An unmodifiable copy in the given order; empty for {@code null}. Names and values must not be null. */
    public static Map<String, String> copyOf(Map<String, String> variables) {
        if (variables == null || variables.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        variables.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "an environment variable's name"),
                Objects.requireNonNull(value, "the value of environment variable " + name)));
        return Collections.unmodifiableMap(copy);
    }
}
