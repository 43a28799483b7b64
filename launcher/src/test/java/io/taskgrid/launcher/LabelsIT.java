package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labels and requirements over real RMI, through the command line: the GPU machine gets only GPU work. */
class LabelsIT {
    @TempDir
    Path temp;

    @Test
    void aTaskRequiringALabelRunsOnlyWhereItIsAndOneNoAgentMeetsIsRefusedOrKeptQueued() throws Exception {
        try (Grid grid = Grid.start(temp, 10)) {
            String plain = grid.addAgent(2).agentId();
            String gpu = grid.addAgent(1, "gpu").agentId();
            CliResult agents = grid.run("agents");
            assertTrue(agents.out().lines().findFirst().orElseThrow().contains("LABELS"), agents.toString());
            assertTrue(agents.out().contains(" gpu "), agents.toString());

            // --force: the same program and arguments succeeded already after the first
            Path program = grid.sharedFile("progs/where.sh", "sleep 0.2\n");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(grid.json("submit", program.toString(), "--require", "gpu", "--force").get("id").asLong());
            }
            for (long id : ids) {
                assertEquals(0, grid.run("watch", Long.toString(id)).exitCode(), "task " + id);
                JsonNode shown = grid.json("show", Long.toString(id));
                assertEquals(gpu, shown.get("agentId").asText(), "a gpu task ran on agent " + shown.get("agentId")
                        + ", not the gpu agent; the other is " + plain);
                assertEquals("gpu", shown.get("requires").get(0).asText());
            }

            CliResult refused = grid.run("submit", program.toString(), "--require", "tpu", "--force");
            assertEquals(2, refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("No connected agent with the label tpu runs sh. Labels of the connected agents: gpu ("
                    + gpu + "). Submit with --wait-for-agent to keep it queued until such an agent joins."), refused.toString());

            JsonNode kept = grid.json("submit", program.toString(), "--require", "tpu", "--wait-for-agent", "--force");
            assertEquals("QUEUED", kept.get("state").asText(), kept.toString());
            String id = kept.get("id").asText();
            assertEquals("Waiting for an agent with the label tpu that runs sh: none is connected (labels now: gpu (" + gpu + ")).",
                    grid.json("show", id).get("waitReason").asText());
            CliResult shown = grid.run("show", id);
            assertTrue(shown.out().contains("requires      tpu (agents with the label tpu)"), shown.toString());

            grid.addAgent(1, "tpu", "big-mem");
            assertEquals(0, grid.run("watch", id).exitCode(), "the kept task runs once a tpu agent joins");
        }
    }

    @Test
    void anAgentWithABadLabelIsRefusedBeforeItStarts() throws Exception {
        try (Grid grid = Grid.start(temp, 10)) {
            CliResult bad = grid.run("agent", "--controller", "localhost:" + grid.port(), "--label", "gpu,Big-Mem");
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(bad.err().contains("--label: The label 'Big-Mem' has capital letters; write it in lowercase: big-mem."),
                    bad.toString());
        }
    }
}
