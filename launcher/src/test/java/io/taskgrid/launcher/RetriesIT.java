package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries on failure over real RMI, through the command line: each retry an attempt with its reason, after its delay. */
class RetriesIT {
    @TempDir
    Path temp;

    @Test
    void aProgramThatExitsWith75TwiceThenSucceedsEndsSucceededAfterThreeAttemptsEachWithItsReason() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 2)) {
            Path counter = grid.sharedFile("runs/count", "0\n");
            Path program = grid.sharedFile("progs/flaky.sh", """
                    n=$(cat '%s')
                    n=$((n + 1))
                    echo "$n" > '%s'
                    echo "run $n"
                    if [ "$n" -lt 3 ]; then exit 75; fi
                    """.formatted(counter, counter));
            long id = grid.json("submit", program.toString(), "--retries", "3", "--retry-on-exit", "75", "--retry-delay", "1s")
                    .get("id").asLong();
            CliResult watched = grid.run("watch", Long.toString(id));
            assertEquals(0, watched.exitCode(), watched.toString());

            JsonNode shown = grid.json("show", Long.toString(id));
            assertEquals("SUCCEEDED", shown.get("state").asText(), shown.toString());
            assertEquals(3, shown.get("attempt").asInt());
            assertEquals(2, shown.get("retry").get("used").asInt());
            assertEquals(3, shown.get("retry").get("retries").asInt());
            JsonNode attempts = shown.get("attempts");
            assertEquals(3, attempts.size(), attempts.toString());
            assertEquals("Exited with code 75; retry 1 of 3 in 1 s.", attempts.get(0).get("message").asText());
            assertEquals("Exited with code 75; retry 2 of 3 in 1 s.", attempts.get(1).get("message").asText());
            assertEquals("FAILED", attempts.get(0).get("state").asText());
            assertEquals("SUCCEEDED", attempts.get(2).get("state").asText());
            for (int i = 1; i < 3; i++) {
                Instant ended = Instant.parse(attempts.get(i - 1).get("endedAt").asText());
                Instant started = Instant.parse(attempts.get(i).get("startedAt").asText());
                assertFalse(started.isBefore(ended.plusSeconds(1)), "attempt " + (i + 1) + " started before its delay passed: " + attempts);
            }

            CliResult text = grid.run("show", Long.toString(id));
            assertTrue(text.out().contains("retries       2 of 3 used (up to 3 retries, 1 s apart, on exit code 75)"), text.toString());
            assertTrue(text.out().contains("failed: Exited with code 75; retry 1 of 3 in 1 s."), text.toString());
            assertTrue(text.out().contains("failed: Exited with code 75; retry 2 of 3 in 1 s."), text.toString());
        }
    }

    @Test
    void anExitCodeOutsideTheListEndsTheTaskAtOnceAndABadOptionIsRefusedWithTheFix() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 1)) {
            Path program = grid.sharedFile("progs/broken.sh", "exit 3\n");
            long id = grid.json("submit", program.toString(), "--retries", "3", "--retry-on-exit", "75").get("id").asLong();
            assertEquals(1, grid.run("watch", Long.toString(id)).exitCode());
            JsonNode shown = grid.json("show", Long.toString(id));
            assertEquals("FAILED", shown.get("state").asText());
            assertEquals(1, shown.get("attempt").asInt());
            assertEquals("Exited with code 3. Not retried: exit code 3 is not among the --retry-on-exit codes (75).",
                    shown.get("message").asText());

            CliResult bad = grid.run("submit", program.toString(), "--retries", "500");
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(bad.err().contains("give --retries 0 to 100"), bad.toString());
        }
    }
}
