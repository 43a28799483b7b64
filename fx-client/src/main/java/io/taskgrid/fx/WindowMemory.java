package io.taskgrid.fx;

import javafx.geometry.Rectangle2D;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Opens the main window where and as large as the person left it, and its history table with the column widths they
 * chose; the first time, at {@link #WIDTH}×{@link #HEIGHT} or 80 % of the screen, whichever is smaller. Saved in the
 * {@link DesktopPreferences} when the window closes.
 */
final class WindowMemory {
    static final double WIDTH = 1200;
    static final double HEIGHT = 760;
    static final double SHARE_OF_SCREEN = 0.8;

    private final DesktopPreferences preferences;

    WindowMemory(DesktopPreferences preferences) {
        this.preferences = preferences;
    }

    /** The size of a window opened for the first time on a screen with these visual bounds. */
    static DesktopPreferences.Bounds firstBounds(Rectangle2D screen) {
        double w = Math.min(WIDTH, Math.floor(screen.getWidth() * SHARE_OF_SCREEN));
        double h = Math.min(HEIGHT, Math.floor(screen.getHeight() * SHARE_OF_SCREEN));
        return new DesktopPreferences.Bounds(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    /**
     * Places and sizes {@code stage} once it is shown, gives it its least size, and saves its bounds and the table's
     * widths when it closes. Both sizes are set after showing: under a window manager (GTK) a window whose least size
     * was set before it was shown opened at that least size, 758×455, whatever size was asked for.
     */
    void apply(Stage stage, TableView<?> table, double minWidth, double minHeight) {
        DesktopPreferences.Bounds bounds = preferences.window().filter(WindowMemory::onSomeScreen)
                .orElseGet(() -> firstBounds(Screen.getPrimary().getVisualBounds()));
        place(stage, bounds);
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            place(stage, bounds);
            stage.setMinWidth(minWidth);
            stage.setMinHeight(minHeight);
        });
        for (TableColumn<?, ?> column : table.getColumns()) {
            if (column.getId() != null && column.isResizable()) {
                preferences.columnWidth(column.getId()).ifPresent(column::setPrefWidth);
            }
        }
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> save(stage, table));
    }

    private static void place(Stage stage, DesktopPreferences.Bounds bounds) {
        stage.setX(bounds.x());
        stage.setY(bounds.y());
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
    }

    private void save(Stage stage, TableView<?> table) {
        if (!stage.isIconified() && !stage.isMaximized() && !stage.isFullScreen()) {
            preferences.window(new DesktopPreferences.Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        }
        for (TableColumn<?, ?> column : table.getColumns()) {
            if (column.getId() != null && column.isResizable()) {
                preferences.columnWidth(column.getId(), column.getWidth());
            }
        }
        preferences.flush();
    }

    /** Whether a remembered window would show at least partly on one of today's screens (one may have gone). */
    private static boolean onSomeScreen(DesktopPreferences.Bounds b) {
        return !Screen.getScreensForRectangle(b.x(), b.y(), Math.min(b.width(), 100), Math.min(b.height(), 100)).isEmpty();
    }
}
