package io.taskgrid.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 10: `taskgrid completion bash|zsh`, sourced in a real bash, and the manual pages from the same model. */
class CompletionIT {
    @TempDir
    Path home;

    /** What bash's completion function offers for the words typed so far (the last one is being completed). */
    private List<String> complete(Path script, String... words) throws IOException, InterruptedException {
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String probe = "source '" + script + "'\n"
                + "fn=$(complete -p taskgrid | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "COMP_WORDS=(" + array + " ); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
                + "\"$fn\" taskgrid '" + words[words.length - 1] + "' '" + (words.length > 1 ? words[words.length - 2] : "") + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // Outside a real completion, bash's compopt complains on stderr ("not currently executing completion function"):
        // that goes to a file of its own.
        Path errors = Files.createTempFile(home, "bash", ".err");
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe).redirectError(errors.toFile()).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash finished");
        assertEquals(0, bash.exitValue(), out + Files.readString(errors));
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void theBashScriptCompletesSubcommandsAndTheirOptions() throws Exception {
        CliResult result = new Grid.Cli(1, home).run("completion", "bash");
        assertEquals(0, result.exitCode(), result.toString());
        Path script = Files.writeString(home.resolve("taskgrid.bash"), result.out());

        assertEquals(List.of("cancel"), complete(script, "taskgrid", "can"));
        List<String> lo = complete(script, "taskgrid", "lo");
        assertTrue(lo.containsAll(List.of("logs", "local")), "client and server commands alike: " + lo);
        List<String> logsOptions = complete(script, "taskgrid", "logs", "--");
        assertTrue(logsOptions.contains("--follow"), logsOptions.toString());
        List<String> users = complete(script, "taskgrid", "user", "");
        assertTrue(users.contains("add"), "the whole tree, subcommands of subcommands too: " + users);
    }

    @Test
    void theBashScriptAsksTheControllerForAgentIdsAndLabelsAndOffersNothingWhenItDoesNotAnswer() throws Exception {
        CliResult result = new Grid.Cli(1, home).run("completion", "bash");
        assertEquals(0, result.exitCode(), result.toString());
        Path script = Files.writeString(home.resolve("taskgrid.bash"), result.out());
        // Stands for the taskgrid the user typed: what `taskgrid __complete` prints for a pool of two agents.
        Path taskgrid = Files.writeString(home.resolve("taskgrid"), """
                #!/bin/sh
                case "$1 $2" in
                  "__complete agents") printf 'node1\\nnode7-1b9e\\n' ;;
                  "__complete labels") printf 'big-mem\\ngpu\\n' ;;
                esac
                """);
        assertTrue(taskgrid.toFile().setExecutable(true));
        String tg = taskgrid.toString();

        assertEquals(List.of("node1", "node7-1b9e"), complete(script, tg, "drain", ""));
        assertEquals(List.of("node7-1b9e"), complete(script, tg, "resume", "node7"));
        assertEquals(List.of(), complete(script, tg, "drain", "node1", "--reason", ""), "a reason is no agent id");
        assertEquals(List.of("gpu"), complete(script, tg, "submit", "x.py", "--require", "g"));
        assertEquals(List.of("'!big-mem'", "'!gpu'"), complete(script, tg, "submit", "x.py", "--require", "!"));
        assertTrue(complete(script, tg, "drain", "--").contains("--reason"), "options still come from picocli");

        Files.writeString(taskgrid, "#!/bin/sh\necho 'Cannot reach the controller' >&2\nexit 3\n");
        assertEquals(List.of(), complete(script, tg, "drain", ""), "no controller: nothing, and nothing printed");
    }

    @Test
    void zshGetsTheScriptThatLoadsBashcompinitAndAnotherShellIsRefusedInWords() {
        CliResult zsh = new Grid.Cli(1, home).run("completion", "zsh");
        assertEquals(0, zsh.exitCode(), zsh.toString());
        assertTrue(zsh.out().contains("bashcompinit"), "zsh runs the script through bashcompinit");

        CliResult fish = new Grid.Cli(1, home).run("completion", "fish");
        assertEquals(2, fish.exitCode(), fish.toString());
        assertTrue(fish.err().contains("'fish' is not a shell taskgrid completes; write bash or zsh."), fish.toString());
    }

    @Test
    void theManualPagesComeFromTheSameModelOnePerCommand() throws Exception {
        Path folder = home.resolve("man");
        CliResult result = new Grid.Cli(1, home).run("manpage", folder.toString());
        assertEquals(0, result.exitCode(), result.toString());
        String top = Files.readString(folder.resolve("taskgrid.adoc"));
        assertTrue(top.contains(":doctype: manpage") && top.contains("logs"), top);
        String logs = Files.readString(folder.resolve("taskgrid-logs.adoc"));
        assertTrue(logs.contains("--follow") && logs.contains("TASK-ID"), logs);
        assertTrue(logs.contains("_HOST{startsb}:PORT{endsb}_"), "brackets AsciiDoc would read as an attribute list are escaped: " + logs);
        assertTrue(Files.exists(folder.resolve("taskgrid-user-add.adoc")), "subcommands of subcommands too");
    }
}
