package io.taskgrid.console;

import java.io.IOException;
import java.io.Writer;

/**
 * A command's way to the shell's terminal, shut when the shell stops waiting for the command (Ctrl-C on a command
 * stuck in a call): whatever it still writes afterwards is dropped instead of landing under the next prompt.
 */
final class OutputGate extends Writer {
    private final Writer target;
    private volatile boolean open = true;

    OutputGate(Writer target) {
        this.target = target;
    }

    void shut() {
        open = false;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (open) {
            target.write(chars, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (open) {
            target.flush();
        }
    }

    /** The terminal stays the shell's: closing a command's writer only flushes it. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
