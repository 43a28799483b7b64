package io.taskgrid.api.agent;

import io.taskgrid.api.task.Language;

import java.io.Serializable;
import java.util.Objects;

/**
 * A runtime an agent found on its host.
 *
 * @param language what it runs
 * @param command  the command the agent starts (for instance {@code /usr/bin/python3})
 * @param version  the version it printed, or an empty string
 */
public record RuntimeInfo(Language language, String command, String version) implements Serializable {
    public RuntimeInfo {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(command, "command");
        version = version == null ? "" : version;
    }
}
