package io.taskgrid.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 10: the help of every command reads as sentences, and numbers are refused in words. */
class HelpTextTest {
    @TempDir
    Path home;

    private CommandLine tree() {
        io.taskgrid.console.ConsoleEnvironment env = new io.taskgrid.console.ConsoleEnvironment(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Map.of(), false, address -> {
                    throw new AssertionError("no controller here");
                });
        return Main.commandLine(env, new ServerEnvironment(Map.of(), home.toString()));
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    void everyCommandSaysWhatItDoesInAWholeFirstSentenceAndNamesItsValuesPlainly() {
        List<CommandLine> all = new ArrayList<>();
        collect(tree(), all);
        for (CommandLine command : all) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String name = command.getCommandSpec().qualifiedName();
            assertTrue(description.length > 0, name + " has a description");
            // The list of commands shows only the first line: it must not stop mid-sentence.
            assertTrue(description[0].strip().endsWith(".") || description[0].strip().endsWith(")"), name + ": " + description[0]);
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(!usage.matches("(?s).*=<[a-z][A-Za-z]*>.*"), name + " shows a field name as a label:\n" + usage);
        }
    }

    @Test
    void theStateListsNameEveryStateDuplicateIncluded() {
        String history = tree().getSubcommands().get("history").getUsageMessage(CommandLine.Help.Ansi.OFF);
        String words = history.replaceAll("\\s+", " "); // where the help wraps depends on its widest option
        assertTrue(words.contains("≡ duplicate") && words.contains("rejected or duplicate"), history);
    }

    @Test
    void aWordWhereANumberGoesIsRefusedInWordsEverywhere() {
        for (String[] args : List.of(new String[]{"history", "--limit", "abc"}, new String[]{"local", "--agents", "x1"},
                new String[]{"controller", "--port", "-"}, new String[]{"submit", "x.py", "--priority", "1e3"})) {
            CliResult result = new Grid.Cli(1, home).run(args);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.err().contains("is not a whole number; write one like 20."), result.toString());
        }
        CliResult cancel = new Grid.Cli(1, home).run("cancel", "abc");
        assertEquals(2, cancel.exitCode(), cancel.toString());
        assertTrue(cancel.err().startsWith("'abc' is not a task id"), cancel.toString());
    }
}
