package io.taskgrid.fx;

import javafx.application.Platform;

import java.util.function.Supplier;

/**
 * One dialog built ahead for the next time it is asked for: building a dialog and its first CSS and layout pass take
 * tens of milliseconds on the FX thread, so they are done in idle time (after the window's first frame, after the
 * previous one closed) rather than between a key press and the dialog drawn. Each is used once: nothing a person typed
 * or saw in one use can show in the next. On the FX thread only.
 */
final class Prebuilt<T> {
    private final Supplier<T> build;
    private T spare;
    private boolean pending;

    Prebuilt(Supplier<T> build) {
        this.build = build;
    }

    /** The one built ahead, or one built now when there is none; the next is built ahead by {@link #prepareLater}. */
    T take() {
        T t = spare != null ? spare : build.get();
        spare = null;
        return t;
    }

    /** Builds the next one once the FX thread has drawn what it is drawing, unless there is one. */
    void prepareLater() {
        if (spare != null || pending) {
            return;
        }
        pending = true;
        Platform.runLater(() -> {
            pending = false;
            if (spare == null) {
                spare = build.get();
            }
        });
    }

    /** Forgets the one built ahead (what it was built from changed). */
    void discard() {
        spare = null;
    }
}
