package io.taskgrid.console;

import io.taskgrid.client.output.OutputFollower;

import java.io.PrintWriter;

/**
 * Where {@code logs} and {@code submit --wait} print a task's output as it comes: the program's stdout to ours and its
 * stderr to ours, flushed as they come; notes on stderr on a line of their own. Keeps the end of what it printed on
 * stderr, so that a closing sentence can point up to lines already shown instead of printing them twice.
 */
final class OutputPrinter implements OutputFollower.Sink {
    /** How much of the printed stderr is kept for {@link #stderrShown()}: a checker's complaint fits many times. */
    static final int KEPT_STDERR = 64 * 1024;

    private final PrintWriter out;
    private final PrintWriter err;
    private final StringBuilder stderrShown = new StringBuilder();
    private boolean outMidLine;
    private boolean errMidLine;
    private boolean closed;

    OutputPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void stdout(String text) {
        out.print(text);
        out.flush();
        outMidLine = !text.endsWith("\n");
    }

    @Override
    public synchronized void stderr(String text) {
        err.print(text);
        err.flush();
        errMidLine = !text.endsWith("\n");
        stderrShown.append(text);
        if (stderrShown.length() > KEPT_STDERR) {
            stderrShown.delete(0, stderrShown.length() - KEPT_STDERR);
        }
    }

    @Override
    public synchronized void restarted(long taskId, int attempt) {
        endLines();
        err.println("Task " + taskId + " runs again (attempt " + attempt + "); its output from the start:");
        err.flush();
        stderrShown.setLength(0);
    }

    /** The end of what was printed on stderr (since the last restart). */
    synchronized String stderrShown() {
        return stderrShown.toString();
    }

    /** Ends a last line left open, so that what comes next on the terminal starts on a line of its own. */
    synchronized void endLines() {
        if (outMidLine) {
            out.println();
            out.flush();
            outMidLine = false;
        }
        if (errMidLine) {
            err.println();
            err.flush();
            errMidLine = false;
        }
    }

    /** The output is over: open lines are ended, and Ctrl-C from now on has nothing to say here. */
    synchronized void close() {
        endLines();
        err.flush();
        closed = true;
    }

    /** Ctrl-C while printing (from a shutdown hook): ends open lines, then lets {@code farewell} say what goes on. */
    synchronized void interrupted(Runnable farewell) {
        if (closed) {
            return;
        }
        endLines();
        farewell.run();
        err.flush();
    }
}
