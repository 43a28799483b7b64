package io.taskgrid.fx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Whether the desktop prefers a dark look, read cheaply: {@code GTK_THEME} naming a dark variant ("Adwaita:dark"),
 * else GNOME's {@code color-scheme} setting ("prefer-dark") or a GTK theme whose name ends in "-dark", asked of
 * {@code gsettings} with a short time limit. Light when none of them can be read.
 */
final class SystemTheme {
    /** The longest the desktop's settings are waited for at start. */
    static final Duration LIMIT = Duration.ofMillis(700);
    private static final List<String> COLOR_SCHEME = List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme");
    private static final List<String> GTK_THEME = List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme");

    private SystemTheme() {
    }

    /** The preference of this machine's desktop. */
    static boolean prefersDark() {
        return prefersDark(System.getenv(), SystemTheme::run);
    }

    /**
     * @param environment the process's variables
     * @param command     runs a command and gives what it printed, or empty when it could not run in time
     */
    static boolean prefersDark(Map<String, String> environment, Function<List<String>, Optional<String>> command) {
        String gtk = environment.get("GTK_THEME");
        if (gtk != null && !gtk.isBlank()) {
            return gtk.toLowerCase(Locale.ROOT).contains(":dark") || gtk.toLowerCase(Locale.ROOT).endsWith("-dark");
        }
        Optional<String> scheme = command.apply(COLOR_SCHEME);
        if (scheme.isPresent() && scheme.get().contains("prefer-dark")) {
            return true;
        }
        if (scheme.isPresent() && scheme.get().contains("prefer-light")) {
            return false;
        }
        return command.apply(GTK_THEME).map(t -> t.toLowerCase(Locale.ROOT).replace("'", "").strip().endsWith("-dark"))
                .orElse(false);
    }

    private static Optional<String> run(List<String> command) {
        Process p = null;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty(); // no gsettings here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
