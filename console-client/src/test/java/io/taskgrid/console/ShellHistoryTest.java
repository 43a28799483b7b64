package io.taskgrid.console;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellHistoryTest {
    @TempDir
    Path home;

    @Test
    void theFileLivesUnderXdgStateHomeElseUnderTheHomesLocalState() {
        assertEquals(Path.of("/var/state/taskgrid/shell_history"), ShellHistory.location(Map.of("XDG_STATE_HOME", "/var/state"), home));
        assertEquals(home.resolve(".local/state/taskgrid/shell_history"), ShellHistory.location(Map.of(), home));
        assertEquals(home.resolve(".local/state/taskgrid/shell_history"),
                ShellHistory.location(Map.of("XDG_STATE_HOME", "relative/not/allowed"), home));
    }

    @Test
    void theFileAndItsNewFolderAreTheOwnersOnlyAlsoWhereTheFileWasWider() throws Exception {
        Path file = ShellHistory.prepare(ShellHistory.location(Map.of(), home));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ShellHistory.prepare(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void linesGoToTheFileAndAreReadBackByTheNextSessionExceptSecrets() throws Exception {
        Path file = ShellHistory.prepare(ShellHistory.location(Map.of(), home));
        String typed = "history --state FAILED\nsubmit train.py --env API_TOKEN=abc123\ncontroller --smtp-password hunter2\n"
                + " show 3\nagents\n";
        readAll(file, typed, 5);

        List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(kept.stream().anyMatch(l -> l.endsWith("history --state FAILED")), kept.toString());
        assertTrue(kept.stream().anyMatch(l -> l.endsWith("agents")), kept.toString());
        assertFalse(String.join("\n", kept).contains("abc123"), kept.toString());
        assertFalse(String.join("\n", kept).contains("hunter2"), kept.toString());
        assertFalse(String.join("\n", kept).contains("show 3"), "a line starting with a space is not kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        LineReader next = reader(file, "");
        next.getHistory().attach(next); // what its first readLine does
        assertEquals("agents", next.getHistory().get(next.getHistory().last()));
    }

    @Test
    void onlyLinesWithoutSecretsAreKeepable() {
        assertTrue(ShellHistory.keepable("submit examples/hello.py --project passage"));
        assertFalse(ShellHistory.keepable("submit x.py --env DB_PASSWORD=x"));
        assertFalse(ShellHistory.keepable("user passwd alice"));
        assertFalse(ShellHistory.keepable("submit x.py --env GITHUB_TOKEN=x"));
    }

    private static void readAll(Path file, String typed, int lines) throws Exception {
        LineReader reader = reader(file, typed);
        for (int i = 0; i < lines; i++) {
            reader.readLine("taskgrid> ");
        }
    }

    private static LineReader reader(Path file, String typed) throws Exception {
        Terminal terminal = ShellTesting.terminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream());
        return LineReaderBuilder.builder().terminal(terminal).history(new ShellHistory())
                .variable(LineReader.HISTORY_FILE, file)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .build();
    }
}
