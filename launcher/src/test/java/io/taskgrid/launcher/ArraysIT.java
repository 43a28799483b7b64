package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task arrays and dependencies over real RMI, through the command line: submit, show, history, cancel. */
class ArraysIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void anArrayWithLimit2NeverRunsMoreThanTwoAndIsShownAndListedAsOneThenItsCollectRuns() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 4)) {
            Path sim = grid.sharedFile("progs/sim.sh", "sleep 0.5\necho \"index $TASKGRID_ARRAY_INDEX\"\n");
            CliResult submitted = grid.run("submit", sim.toString(), "--array", "1-6%2");
            assertEquals(0, submitted.exitCode(), submitted.toString());
            long id = Long.parseLong(submitted.out().replaceAll("(?s)^Submitted array (\\d+):.*", "$1"));
            assertTrue(submitted.out().startsWith("Submitted array " + id + ": 6 tasks, " + id + ".1 … " + id + ".6, at most"
                    + " 2 running at once."), submitted.toString());

            long collect = grid.json("submit", grid.sharedFile("progs/collect.sh", "echo collected\n").toString(),
                    "--after", Long.toString(id)).get("id").asLong();

            JsonNode summary = grid.json("show", Long.toString(id));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!summary.get("finished").asBoolean()) {
                int running = summary.get("counts").path("RUNNING").asInt(0);
                assertTrue(running <= 2, "more than 2 members of a %2 array running: " + summary);
                assertTrue(System.nanoTime() < deadline, "the array did not end: " + summary);
                Thread.sleep(100);
                summary = grid.json("show", Long.toString(id));
            }
            assertEquals(6, summary.get("counts").get("SUCCEEDED").asInt(), summary.toString());
            assertEquals(0, summary.get("failedIndexes").size());

            CliResult shown = grid.run("show", Long.toString(id));
            assertTrue(shown.out().startsWith("Array " + id + "  ✓ succeeded: every member succeeded"), shown.toString());
            assertTrue(shown.out().contains("  members       6 tasks: 6 succeeded"), shown.toString());
            assertTrue(shown.out().contains("  needed by     task " + collect), shown.toString());

            assertEquals(0, grid.run("watch", Long.toString(collect)).exitCode(), "collect runs after the array succeeded");
            CliResult collected = grid.run("show", Long.toString(collect));
            assertTrue(collected.out().contains("  waits for     array " + id + " to succeed"), collected.toString());

            CliResult member = grid.run("show", id + ".3");
            assertTrue(member.out().startsWith("Task " + id + ".3 (id " + (id + 2) + ")"), member.toString());
            assertTrue(member.out().contains("index 3"), member.toString());

            CliResult history = grid.run("history");
            List<String> rows = history.out().lines().toList();
            assertTrue(rows.stream().anyMatch(l -> l.matches("✓ " + id + "\\[6] +6✓ .*")), history.toString());
            assertTrue(rows.stream().noneMatch(l -> l.startsWith("✓ " + (id + 1) + " ")), "members folded: " + history);

            JsonNode members = grid.json("history", "--array", Long.toString(id));
            assertEquals(6, members.size(), members.toString());
            assertEquals(id + ".6", members.get(0).get("displayId").asText());
            assertEquals(id + ".1", members.get(5).get("displayId").asText());
        }
    }

    @Test
    void cancellingAnArraysIdCancelsEveryMemberThatHadNotEnded() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 4)) {
            Path slow = grid.sharedFile("progs/slow.sh", "sleep 30\n");
            long id = grid.json("submit", slow.toString(), "--array", "1-20%2").get("id").asLong();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (grid.json("show", Long.toString(id)).get("counts").path("RUNNING").asInt(0) < 2) {
                assertTrue(System.nanoTime() < deadline, "two members never ran");
                Thread.sleep(100);
            }

            CliResult cancelled = grid.run("cancel", Long.toString(id));
            assertEquals(0, cancelled.exitCode(), cancelled.toString());
            assertTrue(cancelled.out().startsWith("Array " + id + " (progs/slow.sh): its 20 members that had not ended"),
                    cancelled.toString());

            JsonNode summary = grid.json("show", Long.toString(id));
            while (!summary.get("finished").asBoolean()) {
                assertTrue(System.nanoTime() < deadline, "the array's running members were not stopped: " + summary);
                Thread.sleep(100);
                summary = grid.json("show", Long.toString(id));
            }
            assertEquals(20, summary.get("counts").get("CANCELLED").asInt(), summary.toString());

            CliResult again = grid.run("cancel", Long.toString(id));
            assertTrue(again.out().contains("Array " + id + " had already ended: 20 tasks: 20 cancelled."), again.toString());
        }
    }
}
