package io.taskgrid.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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

    @Test
    void anAgentTakesItsSettingsFromAConfigFileAsAServiceDoes() throws Exception {
        Path conf = Files.writeString(home.resolve("agent.conf"), "# as /etc/taskgrid/agent.conf\ncontroller = localhost:1\nslots = 0\n");
        CliResult result = new Grid.Cli(1, home).run("agent", "--config", conf.toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--slots must be at least 1, not 0"), result.toString());
        CliResult overridden = new Grid.Cli(1, home).run("agent", "--config", conf.toString(), "--slots", "-1");
        assertTrue(overridden.err().contains("not -1"), overridden.toString());
    }

    @Test
    void anAgentWithoutAControllerIsToldWhereToGiveIt() {
        CliResult result = new Grid.Cli(1, home).run("agent");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("give --controller HOST[:PORT] (or controller = HOST[:PORT] in the --config file)"),
                result.toString());
    }

    @Test
    void aLogLevelThatIsNoneIsRefusedWithTheLevelsInTheFileOrOnTheLine() throws Exception {
        Path conf = Files.writeString(home.resolve("agent.conf"), "controller = localhost:1\nlog-level = loud\n");
        CliResult inFile = new Grid.Cli(1, home).run("agent", "--config", conf.toString());
        assertEquals(2, inFile.exitCode(), inFile.toString());
        assertTrue(inFile.err().contains("agent.conf:2: log-level must be error, warn, info, debug or trace, not 'loud'."),
                inFile.toString());
        CliResult option = new Grid.Cli(1, home).run("controller", "--log-level", "verbose");
        assertEquals(2, option.exitCode(), option.toString());
        assertTrue(option.err().contains("--log-level must be error, warn, info, debug or trace, not 'verbose'."), option.toString());
    }
}
