package io.taskgrid.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.client.GridStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.taskgrid.console.FakeController.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCommandTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ConsoleRun console = new ConsoleRun(controller);

    @Test
    void fitsTheGridsHealthIntoEightyColumns() {
        List<GridProblem> problems = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            problems.add(new GridProblem(T0.minusSeconds(i), GridProblem.Kind.REFUSED_LOGIN, "Client user 'mallory' from"
                    + " 10.1.2.66: Wrong user name or password for 'mallory'; check them (TASKGRID_USER, TASKGRID_PASSWORD)."));
        }
        controller.gridStatus = new GridStatus("0.1.0", "9", T0.minus(Duration.ofHours(3).plusMinutes(5)), T0,
                new GridStatus.AgentCounts(5, 1, 1, 2), new GridStatus.SlotCounts(20, 14, 12, 16),
                List.of(new GridStatus.QueueCount("waiting for a free slot", 1230), new GridStatus.QueueCount("held", 8)),
                3, 1, new GridStatus.HistorySize("/var/lib/taskgrid/a/very/long/folder/name/that/goes/on/and/on/and/on/taskgrid.db",
                12_345_678, 1_234_567, 12), problems);

        assertEquals(0, console.run("status"), console.err());

        List<String> lines = console.out().lines().toList();
        lines.forEach(l -> assertTrue(l.length() <= 80, "wider than 80: " + l));
        assertTrue(lines.get(0).contains("TaskGrid 0.1.0 (protocol 9)"), lines.get(0));
        assertTrue(lines.get(1).contains("up 3 h 05 min"), lines.get(1));
        assertTrue(console.out().contains("5 connected (1 draining, 1 drained) · 2 lost since the start"), console.out());
        assertTrue(console.out().contains("14 of 20 CPUs busy · 12 running · limit 16 at once"), console.out());
        assertTrue(console.out().contains("1238 waiting"), console.out());
        assertTrue(console.out().contains("1230  waiting for a free slot"), console.out());
        assertTrue(console.out().contains("   8  held"), console.out());
        assertTrue(console.out().contains("1,234,567 tasks · 11.8MB · schema 12"), console.out());
        assertTrue(console.out().contains("…") && console.out().contains("taskgrid.db"), console.out());
        assertEquals(StatusScreen.PROBLEMS_SHOWN, lines.stream().filter(l -> l.contains("refused log-in:")).count(), console.out());
        assertTrue(lines.size() <= 24, "one screen: " + lines.size() + " lines");
    }

    @Test
    void printsJsonWithEveryProblemKept() throws IOException {
        controller.gridStatus = new GridStatus("development build", "9", T0.minusSeconds(40), T0,
                new GridStatus.AgentCounts(0, 0, 0, 0), new GridStatus.SlotCounts(0, 0, 0, 8), List.of(), 0, 0,
                new GridStatus.HistorySize("/d/taskgrid.db", 4096, 0, 12),
                List.of(new GridProblem(T0, GridProblem.Kind.AGENT_LOST, "Agent a1 on h went silent and was declared lost.")));

        assertEquals(0, console.run("status", "--json"), console.err());

        JsonNode n = new ObjectMapper().readTree(console.out());
        assertEquals(40, n.get("uptimeSeconds").asLong());
        assertEquals(0, n.get("queued").asInt());
        assertEquals("agent_lost", n.get("recentProblems").get(0).get("kind").asText());
        assertEquals(12, n.get("history").get("schema").asInt());
    }

    @Test
    void refusesAUserWhoIsNoAdministratorInASentence() {
        controller.gridStatus = null;

        assertEquals(ExitCodes.USAGE, console.run("status"));

        assertTrue(console.err().contains("Only an administrator may see the grid's status"), console.err());
    }
}
