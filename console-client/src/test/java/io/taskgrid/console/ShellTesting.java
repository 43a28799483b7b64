package io.taskgrid.console;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** What the shell's tests share: the client commands as the shell runs them, an environment over strings, a terminal in memory. */
final class ShellTesting {
    static final Clock CLOCK = Clock.fixed(FakeController.T0.plusSeconds(60), ZoneOffset.UTC);

    private ShellTesting() {
    }

    /** Fresh client command lines without {@code shell}, as the shell builds them. */
    static Function<ConsoleEnvironment, CommandLine> commands(Path workingDirectory) {
        return env -> {
            CommandLine commandLine = ConsoleApp.commandLine(env, CLOCK, workingDirectory, Duration.ofMillis(100));
            commandLine.getCommandSpec().removeSubcommand("shell");
            return commandLine;
        };
    }

    static LineRunner runner() {
        return new LineRunner(commands(Path.of("").toAbsolutePath()), Set.of("local", "controller"));
    }

    /** Output captured in one string. */
    static final class Captured {
        final StringWriter text = new StringWriter();
        final PrintWriter writer = new PrintWriter(text, true);

        ConsoleEnvironment env(ControllerConnector connector) {
            return new ConsoleEnvironment(writer, writer, Map.of(), false, connector);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    static Terminal terminal(InputStream in, ByteArrayOutputStream out) throws IOException {
        return new DumbTerminal("test", "dumb", in, out, java.nio.charset.StandardCharsets.UTF_8);
    }

    static LineReader reader(Terminal terminal) {
        return LineReaderBuilder.builder().terminal(terminal).parser(ShellWords.parser()).build();
    }
}
