package io.taskgrid.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryPurgeTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ConsoleRun console = new ConsoleRun(controller);

    @Test
    void purgesFromTheStartOfTheDayAndSaysHowManyTasksWent() {
        assertEquals(0, console.run("history", "--purge-before", "2024-01-31"), console.err());
        assertEquals(List.of(Instant.parse("2024-01-31T00:00:00Z")), controller.purges);
        assertEquals("Removed 1200 tasks that ended before 2024-01-31T00:00:00Z, with 3 result folders. Kept 2 older ones:"
                + " still queued or running, or a newer duplicate points at them.\n", console.out());
    }

    @Test
    void purgeJsonIsOneObject() throws Exception {
        assertEquals(0, console.run("history", "--purge-before", "2024-04-30T10:00:00Z", "--json"), console.err());
        JsonNode n = new ObjectMapper().readTree(console.out());
        assertEquals("2024-04-30T10:00:00Z", n.get("before").asText());
        assertEquals(1200, n.get("removedTasks").asLong());
        assertEquals(3, n.get("removedResultFolders").asLong());
        assertEquals(2, n.get("keptTasks").asLong());
    }

    @Test
    void refusesABadOrFutureDateOrFiltersWithASentenceAndSendsNothing() {
        assertEquals(ExitCodes.USAGE, console.run("history", "--purge-before", "last year"));
        assertTrue(console.err().contains("'last year' is not a date; give a day as 2024-01-31"), console.err());
        ConsoleRun future = new ConsoleRun(controller);
        assertEquals(ExitCodes.USAGE, future.run("history", "--purge-before", "2024-05-02"));
        assertTrue(future.err().contains("is in the future; give a date up to today"), future.err());
        ConsoleRun filtered = new ConsoleRun(controller);
        assertEquals(ExitCodes.USAGE, filtered.run("history", "--purge-before", "2024-01-31", "--state", "failed"));
        assertTrue(filtered.err().contains("takes no filter"), filtered.err());
        assertEquals(List.of(), controller.purges);
    }

    @Test
    void aNonAdministratorGetsTheControllersSentence() {
        controller.purgeRefusal = "Only an administrator may purge the history; user bob is not one.";
        int code = console.run("history", "--purge-before", "2024-01-31");
        assertTrue(code != 0);
        assertTrue(console.err().contains("Only an administrator may purge the history; user bob is not one."), console.err());
        assertEquals("", console.out());
    }
}
