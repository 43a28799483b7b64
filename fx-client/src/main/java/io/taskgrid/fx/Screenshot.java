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
    private Screenshot() {
    }

    /**
     * Must run before anything else in the process starts JavaFX.
     *
     * @throws TimeoutException when the window does not show {@code minimumTasks} tasks and an agent in time
     */
    public static void render(DesktopOptions options, Path png, int minimumTasks, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        headless();
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        DesktopClient[] client = new DesktopClient[1];
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            client[0] = DesktopClient.open(stage, options, MemoryPreferences.desktop());
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
