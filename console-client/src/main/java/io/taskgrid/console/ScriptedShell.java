package io.taskgrid.console;

import org.jline.reader.EOFError;
import org.jline.reader.Parser;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/**
 * The shell without a terminal (a pipe, a file, {@code TERM=dumb}): runs the lines of its input one by one, with no
 * prompt and no status line, on the same session; blank lines and lines starting with {@code #} are skipped. It ends
 * at the end of the input or at {@code exit}, with the exit code of the last command.
 */
final class ScriptedShell {
    private final LineRunner runner;
    private final Parser parser = ShellWords.parser();

    ScriptedShell(LineRunner runner) {
        this.runner = runner;
    }

    int run(BufferedReader lines, ConsoleEnvironment env) throws IOException {
        int last = ExitCodes.OK;
        int number = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            List<String> words;
            try {
                words = ShellWords.split(parser, line);
            } catch (EOFError e) {
                env.err().println("Line " + number + " has a quote that is not closed; it was not run.");
                env.err().flush();
                last = ExitCodes.USAGE;
                continue;
            }
            LineRunner.Result result = runner.run(words, env);
            if (result.leave()) {
                break;
            }
            last = result.exitCode();
        }
        return last;
    }
}
