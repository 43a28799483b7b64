package io.taskgrid.console;

import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BorrowedTerminalTest {
    @Test
    void aBorrowerWritesOnTheOwnersTerminalAndClosingItGivesItBackWithItsSignalHandlers() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal owner = ShellTesting.terminal(new ByteArrayInputStream(new byte[0]), screen);
        Terminal.SignalHandler shells = signal -> { };
        owner.handle(Terminal.Signal.INT, shells);

        Terminal borrowed = TerminalOpener.borrowing(owner).open();
        assertNotSame(owner, borrowed);
        borrowed.handle(Terminal.Signal.INT, signal -> { });
        borrowed.handle(Terminal.Signal.INT, signal -> { });
        borrowed.writer().print("drawn by the command");
        borrowed.close();

        owner.writer().print(" and the shell goes on");
        owner.flush();
        assertEquals("drawn by the command and the shell goes on", screen.toString(StandardCharsets.UTF_8));
        assertSame(shells, owner.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL), "the shell's Ctrl-C handler is back");
        assertEquals(owner.getWidth(), borrowed.getWidth());
    }
}
