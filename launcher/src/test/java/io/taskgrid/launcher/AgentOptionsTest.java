package io.taskgrid.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an agent offers: its CPUs (--slots, or --cpus) and its memory (--memory), refused in sentences. */
class AgentOptionsTest {
    @TempDir
    Path home;

    @Test
    void aMemoryThatIsNotASizeIsRefusedWithTheFix() {
        CliResult result = new Grid.Cli(1, home).run("agent", "--controller", "localhost:1", "--memory", "lots");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--memory: 'lots' is not a size; give a number and a unit such as 512M"),
                result.toString());
        CliResult tiny = new Grid.Cli(1, home).run("agent", "--controller", "localhost:1", "--memory", "12K");
        assertEquals(2, tiny.exitCode(), tiny.toString());
        assertTrue(tiny.err().contains("--memory: A memory request is between 1M and 64T"), tiny.toString());
    }

    @Test
    void cpusIsTheSameOptionAsSlotsAndTheHelpSaysSo() {
        CliResult result = new Grid.Cli(1, home).run("agent", "--controller", "localhost:1", "--cpus", "0");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--slots"), result.toString());
        CliResult help = new Grid.Cli(1, home).run("agent", "--help");
        assertTrue(help.out().contains("--slots, --cpus=N") || help.out().contains("--cpus, --slots=N"), help.toString());
        assertTrue(help.out().contains("The CPUs this agent offers"), help.toString());
        assertTrue(help.out().contains("--memory=SIZE"), help.toString());
    }
}
