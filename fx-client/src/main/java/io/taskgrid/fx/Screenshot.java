package io.taskgrid.fx;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Renders the main window to a PNG without a display (Monocle's headless glass and software rendering), once
 * it shows at least a given number of tasks and the pool.
 */
public final class Screenshot {
    /** The themes a picture can be taken in. */
    public static final java.util.Set<String> THEMES = java.util.Set.of("light", "dark");

    private Screenshot() {
    }

    /** In the light theme. */
    public static void render(DesktopOptions options, Path png, int minimumTasks, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        render(options, png, minimumTasks, timeout, "light");
    }

    /**
     * Must run before anything else in the process starts JavaFX.
     *
     * @param theme "light" or "dark"
     * @throws TimeoutException when the window does not show {@code minimumTasks} tasks and an agent in time
     */
    public static void render(DesktopOptions options, Path png, int minimumTasks, Duration timeout, String theme)
            throws IOException, InterruptedException, TimeoutException {
        Theme look = Theme.parse(theme);
        if (look == null || look == Theme.SYSTEM) {
            throw new IllegalArgumentException("A screenshot is taken in the light or the dark theme, not '" + theme + "'.");
        }
        headless();
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        DesktopClient[] client = new DesktopClient[1];
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            DesktopPreferences preferences = MemoryPreferences.desktop();
            preferences.theme(look);
            client[0] = DesktopClient.open(stage, options, preferences);
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.show();
            MainViewModel model = client[0].model();
            boolean[] scheduled = {false};
            Runnable check = () -> {
                if (!scheduled[0] && model.history().rows().size() >= minimumTasks && !model.pool().agents().isEmpty()) {
                    // Let layout, CSS and the last coalesced events settle before taking the picture.
                    PauseTransition settle = new PauseTransition(javafx.util.Duration.millis(1200));
                    settle.setOnFinished(e -> image.complete(stage.getScene().snapshot(null)));
                    scheduled[0] = true;
                    settle.play();
                }
            };
            model.history().rows().addListener((ListChangeListener<TaskRow>) c -> check.run());
            model.pool().agents().addListener((ListChangeListener<Object>) c -> check.run());
        });
        WritableImage picture;
        try {
            picture = image.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Could not render the window: " + e.getCause().getMessage(), e.getCause());
        } finally {
            if (client[0] != null) {
                client[0].close();
            }
            Platform.exit();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(SwingFXUtils.fromFXImage(picture, null), "png", png.toFile());
    }

    private static void headless() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("testfx.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
