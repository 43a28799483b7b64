package io.taskgrid.fx;

import io.taskgrid.api.Version;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Help (F1): the README's section on the desktop client, read from the README of the install or the repository the
 * client runs from, else the keys in short; About: the version, the controller, Java and JavaFX.
 */
final class HelpWindows {
    static final String SECTION = "## The desktop client";
    /** What Help shows when no README is found next to the client. */
    static final String KEYS = """
            Enter or a double click: open the selected task's details (Esc closes them).
            Delete: cancel the selected tasks, after one confirmation.
            Ctrl+N: submit a task.    Ctrl+R: run the selected tasks again.    Ctrl+C: copy their ids.
            Ctrl+F: filter the history by text; the list beside it filters by state; Esc clears the filters.
            F5: load the history and the pool again.    F1: this help.    Ctrl+Q: quit.
            A right-click on a task or an agent shows what can be done with it.
            View › Theme: light, dark, or as the desktop prefers.
            """;

    private final Window owner;
    private final Supplier<String> controller;

    HelpWindows(Window owner, Supplier<String> controller) {
        this.owner = owner;
        this.controller = controller;
    }

    void help() {
        Optional<Path> readme = readme();
        String text = readme.flatMap(HelpWindows::read).map(HelpWindows::desktopSection).orElse(KEYS);
        TextArea area = new TextArea(text);
        area.setId("help-text");
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(760, 520);
        Alert alert = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        alert.initOwner(owner);
        alert.setTitle("TaskGrid help");
        alert.setHeaderText(readme.map(p -> "From " + p + ".").orElse("The keys of the window."));
        alert.getDialogPane().setId("help-dialog");
        alert.getDialogPane().setContent(area);
        alert.setResizable(true);
        alert.show();
    }

    void about() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, aboutText(controller.get()), ButtonType.CLOSE);
        alert.initOwner(owner);
        alert.setTitle("About TaskGrid");
        alert.setHeaderText("TaskGrid " + version());
        alert.getDialogPane().setId("about-dialog");
        alert.show();
    }

    static String aboutText(String controller) {
        return "A distributed task runner.\n\n"
                + "Protocol " + Version.PROTOCOL + ".\n"
                + "Controller: " + (controller == null || controller.isBlank() ? "not connected" : controller) + ".\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), JavaFX "
                + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "unknown")) + ".";
    }

    /** The build's version from the jar's manifest, or "(development build)" when run from classes. */
    static String version() {
        String v = HelpWindows.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** From "## The desktop client" to the next section of the same level. */
    static String desktopSection(String readme) {
        int start = readme.indexOf(SECTION);
        if (start < 0) {
            return KEYS;
        }
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return plain(readme.substring(start, end < 0 ? readme.length() : end));
    }

    /** Markdown as plain text for a text area: paragraphs on one line each, table rows as "key — does", no marks. */
    static String plain(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inParagraph = false;
        for (String raw : markdown.strip().split("\n")) {
            String line = raw.replace("**", "").replace("`", "").replaceAll("\\*([^*\\s][^*]*)\\*", "$1").strip();
            if (line.startsWith("|---") || line.equals("| key | does |")) {
                continue;
            }
            if (line.startsWith("|")) {
                String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split(" \\| ");
                out.append(inParagraph ? "\n" : "").append("  ").append(cells[0].strip())
                        .append(cells.length > 1 ? " — " + String.join(" — ", java.util.Arrays.copyOfRange(cells, 1, cells.length)).strip() : "")
                        .append('\n');
                inParagraph = false;
            } else if (line.isEmpty()) {
                out.append(inParagraph ? "\n\n" : "\n");
                inParagraph = false;
            } else if (line.startsWith("#")) {
                out.append(line).append('\n');
                inParagraph = false;
            } else {
                out.append(inParagraph ? " " : "").append(line);
                inParagraph = true;
            }
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    /** The README.md with a desktop section in a folder above the client's classes or jar (the repository, the install). */
    static Optional<Path> readme() {
        try {
            Path at = Path.of(HelpWindows.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = at; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("README.md");
                if (Files.isRegularFile(candidate) && read(candidate).map(t -> t.contains(SECTION)).orElse(false)) {
                    return Optional.of(candidate);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            LoggerFactory.getLogger(HelpWindows.class).debug("Cannot tell where the client runs from: {}", e.toString());
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
