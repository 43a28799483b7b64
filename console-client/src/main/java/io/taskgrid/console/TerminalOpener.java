package io.taskgrid.console;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Opens the JLine terminal a full-screen view ({@code watch}) or the {@code shell} draws on and reads keys from:
 * the person's terminal in production, a terminal over in-memory streams in tests.
 */
@FunctionalInterface
public interface TerminalOpener {

    /** @throws IOException when there is no terminal to open */
    Terminal open() throws IOException;

    /**
     * The process's own terminal (over ssh: the pty sshd gave it), in UTF-8 whatever the locale, so ✓ ∑ X draw
     * right; Ctrl-C stays a signal, which the views turn into "quit".
     */
    TerminalOpener SYSTEM = () -> TerminalBuilder.builder()
            .name("taskgrid")
            .system(true)
            .encoding(StandardCharsets.UTF_8)
            .nativeSignals(true)
            .build();

    /**
     * Hands out {@code terminal} itself, as a view whose {@code close()} gives it back instead of closing it: inside the
     * shell a command draws on the shell's terminal, and closing it when done must not end the shell's. Signal handlers
     * the command installs through the view are put back as they were on {@code close()}.
     */
    static TerminalOpener borrowing(Terminal terminal) {
        return () -> BorrowedTerminal.of(terminal);
    }

    /** Where there is no terminal: every view stays plain lines. */
    TerminalOpener NONE = () -> {
        throw new IOException("There is no terminal here: run the command in a terminal, or without a full-screen view.");
    };
}
