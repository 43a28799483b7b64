package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource requests over real RMI, through the command line: CPUs packed, memory enforced, the peak shown. */
class ResourcesIT {
    @TempDir
    Path temp;

    @Test
    void aTaskAskingForMoreCpusThanAnyAgentHasIsRefusedAndOneAskingForAllOfThemRunsAlone() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 2)) {
            Path program = grid.sharedFile("progs/busy.sh", "sleep 1\n");
            CliResult refused = grid.run("submit", program.toString(), "--cpus", "3");
            assertEquals(2, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("No connected agent that runs sh has 3 CPUs; the most one has is 2"), refused.toString());

            long pair = grid.json("submit", program.toString(), "--cpus", "2", "--force").get("id").asLong();
            long single = grid.json("submit", program.toString(), "--force", "x").get("id").asLong();
            assertEquals(0, grid.run("watch", Long.toString(single)).exitCode());
            JsonNode first = grid.json("show", Long.toString(pair));
            JsonNode second = grid.json("show", Long.toString(single));
            assertEquals(2, first.get("cpus").asInt());
            assertTrue(!java.time.Instant.parse(second.get("startedAt").asText()).isBefore(java.time.Instant.parse(first.get("endedAt").asText())),
                    "the 1-CPU task started while the 2-CPU task held both CPUs: " + first + " / " + second);
            CliResult shown = grid.run("show", Long.toString(pair));
            assertTrue(shown.out().contains("asks for      2 CPUs"), shown.toString());
        }
    }

    @Test
    void aTaskOverItsMemoryIsStoppedWithASentenceAndShowSaysItsPeak() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 1)) {
            Path program = grid.sharedFile("progs/hungry.py",
                    "import time\nx = bytearray(200 * 1024 * 1024)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\ntime.sleep(30)\n");
            long id = grid.json("submit", program.toString(), "--memory", "64M").get("id").asLong();
            grid.run("watch", Long.toString(id));
            JsonNode shown = grid.json("show", Long.toString(id));
            assertEquals("FAILED", shown.get("state").asText(), shown.toString());
            assertTrue(shown.get("message").asText().startsWith("Stopped: its processes"), shown.toString());
            assertTrue(shown.get("message").asText().contains("64M it asked for"), shown.toString());
            assertEquals(64L << 20, shown.get("memoryRequestBytes").asLong());

            Path modest = grid.sharedFile("progs/modest.py", "x = bytearray(40 * 1024 * 1024)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\nimport time\ntime.sleep(1.5)\n");
            long ok = grid.json("submit", modest.toString(), "--memory", "512M").get("id").asLong();
            assertEquals(0, grid.run("watch", Long.toString(ok)).exitCode());
            JsonNode fine = grid.json("show", Long.toString(ok));
            assertTrue(fine.get("peakMemoryBytes").asLong() >= 40L << 20, fine.toString());
            CliResult text = grid.run("show", Long.toString(ok));
            assertTrue(text.out().contains("of the 512M it asked for"), text.toString());
        }
    }
}
