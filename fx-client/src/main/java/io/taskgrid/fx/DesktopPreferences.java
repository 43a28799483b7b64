package io.taskgrid.fx;

import io.taskgrid.api.task.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the desktop remembers for the person between runs, in {@link java.util.prefs} (per user of the machine):
 * whether tasks' ends are notified, the window's place and size, the history's column widths and state filter, the
 * theme. Tests pass a node of their own.
 */
final class DesktopPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopPreferences.class);
    private static final String NOTIFY = "notify-task-ends";
    private static final String WINDOW = "window.";
    private static final String COLUMN = "column.";
    private static final String STATES = "history.states";
    private static final String THEME = "theme";

    /** The window's place and size on screen. */
    record Bounds(double x, double y, double width, double height) {
    }

    private final Preferences node;

    DesktopPreferences(Preferences node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The node of the person using this machine. */
    static DesktopPreferences forThisUser() {
        return new DesktopPreferences(Preferences.userRoot().node("io/taskgrid/desktop"));
    }

    boolean notifyTaskEnds() {
        return node.getBoolean(NOTIFY, true);
    }

    void notifyTaskEnds(boolean on) {
        node.putBoolean(NOTIFY, on);
        flush();
    }

    Optional<Bounds> window() {
        double w = node.getDouble(WINDOW + "width", -1);
        double h = node.getDouble(WINDOW + "height", -1);
        if (w <= 0 || h <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Bounds(node.getDouble(WINDOW + "x", 0), node.getDouble(WINDOW + "y", 0), w, h));
    }

    void window(Bounds b) {
        node.putDouble(WINDOW + "x", b.x());
        node.putDouble(WINDOW + "y", b.y());
        node.putDouble(WINDOW + "width", b.width());
        node.putDouble(WINDOW + "height", b.height());
        flush();
    }

    /** The states the history was filtered to; empty for all (also when what is stored is not understood). */
    Set<TaskState> states() {
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        for (String name : node.get(STATES, "").split(",")) {
            try {
                if (!name.isBlank()) {
                    states.add(TaskState.valueOf(name.strip()));
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("Ignoring the remembered state filter {}", name);
            }
        }
        return states;
    }

    void states(Set<TaskState> states) {
        node.put(STATES, states.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        flush();
    }

    /** The theme chosen in View › Theme; {@link Theme#SYSTEM} until one is. */
    Theme theme() {
        try {
            return Theme.valueOf(node.get(THEME, Theme.SYSTEM.name()));
        } catch (IllegalArgumentException e) {
            return Theme.SYSTEM;
        }
    }

    void theme(Theme theme) {
        node.put(THEME, theme.name());
        flush();
    }

    /** A column's width as the person left it, or empty. */
    Optional<Double> columnWidth(String columnId) {
        double w = node.getDouble(COLUMN + columnId, -1);
        return w > 0 ? Optional.of(w) : Optional.empty();
    }

    void columnWidth(String columnId, double width) {
        node.putDouble(COLUMN + columnId, width);
    }

    void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            LOG.debug("Cannot save the desktop's preferences: {}", e.toString());
        }
    }
}
