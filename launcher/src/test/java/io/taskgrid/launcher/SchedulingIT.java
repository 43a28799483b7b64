package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement and limits, observed from the processes that really run, not from the controller's counters. */
class SchedulingIT {
    @TempDir
    Path temp;

    @Test
    void neverRunsMoreProcessesThanTheGlobalLimit() throws Exception {
        try (Grid grid = Grid.start(temp, 3, 3, 3)) {
            // Each program notes, from inside the running process, when it started and when it is about to
            // end; the most intervals open at once is the real concurrency. (Scanning /proc instead is not
            // atomic: a process ending early in a scan and its successor starting late in it count twice.)
            Path spans = java.nio.file.Files.createDirectories(grid.shared.resolve("spans"));
            Path program = grid.sharedFile("progs/limit.sh", String.join("\n",
                    "date +%s%N > \"$TASKGRID_SHARED/spans/$TASKGRID_TASK_ID.start\"",
                    "sleep 0.6",
                    "date +%s%N > \"$TASKGRID_SHARED/spans/$TASKGRID_TASK_ID.end\"", ""));
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(grid.json("submit", program.toString(), "--project", "limit").get("id").asLong());
            }
            List<long[]> events = new ArrayList<>();
            for (long id : ids) {
                assertEquals(0, grid.run("watch", Long.toString(id)).exitCode(), "task " + id);
                long started = Long.parseLong(java.nio.file.Files.readString(spans.resolve(id + ".start")).trim());
                long ended = Long.parseLong(java.nio.file.Files.readString(spans.resolve(id + ".end")).trim());
                events.add(new long[]{started, +1});
                events.add(new long[]{ended, -1});
            }
            // Ends before starts at the same instant: touching intervals do not overlap.
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int open = 0;
            int most = 0;
            for (long[] e : events) {
                open += (int) e[1];
                most = Math.max(most, open);
            }
            assertTrue(most <= 3, "at most 3 programs at once, saw " + most);
            assertEquals(3, most, "the limit is also reached with 6 free slots and 12 tasks");
        }
    }

    @Test
    void spreadsTasksOverAgentsInProportionToTheirSlots() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 1, 3)) {
            // --force: on a slow host the first task may end before the last is submitted, which would make that one a duplicate.
            Path program = grid.sharedFile("progs/spread.sh", "sleep 0.3\n");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(grid.json("submit", program.toString(), "--project", "spread", "--force").get("id").asLong());
            }
            Map<String, Integer> perAgent = new HashMap<>();
            for (long id : ids) {
                assertEquals(0, grid.run("watch", Long.toString(id)).exitCode(), "task " + id);
                perAgent.merge(grid.json("show", Long.toString(id)).get("agentId").asText(), 1, Integer::sum);
            }
            String small = grid.agents().get(0).agentId();
            String large = grid.agents().get(1).agentId();
            int onSmall = perAgent.getOrDefault(small, 0);
            int onLarge = perAgent.getOrDefault(large, 0);
            assertEquals(20, onSmall + onLarge, perAgent.toString());
            // 1 slot against 3: a quarter of the tasks, give or take the first and last rounds.
            assertTrue(onSmall >= 2 && onSmall <= 8, "1-slot agent ran " + onSmall + ", 3-slot agent " + onLarge);
        }
    }

    @Test
    void aTaskSubmittedWithNoAgentWaitsAndSaysWhyThenRunsWhenOneJoins() throws Exception {
        try (Grid grid = Grid.start(temp, 4)) {
            Path program = grid.sharedFile("progs/later.py", "print('ran later')\n");
            JsonNode task = grid.json("submit", program.toString());
            assertEquals("QUEUED", task.get("state").asText(), task.toString());
            long id = task.get("id").asLong();
            String why = grid.json("show", Long.toString(id)).get("waitReason").asText();
            assertTrue(why.toLowerCase().contains("no agent"), why);
            CliResult show = grid.run("show", Long.toString(id));
            assertTrue(show.out().contains(why), show.toString());

            grid.addAgent(1);
            assertEquals(0, grid.run("watch", Long.toString(id)).exitCode());
            assertTrue(grid.json("show", Long.toString(id)).get("output").asText().contains("ran later"));
        }
    }

    @Test
    void aWaitingTaskSaysThatAllSlotsAreBusy() throws Exception {
        try (Grid grid = Grid.start(temp, 4, 1)) {
            Path busy = grid.sharedFile("progs/busy.sh", "sleep 1000\n");
            long running = grid.json("submit", busy.toString()).get("id").asLong();
            long waiting = grid.json("submit", busy.toString()).get("id").asLong();
            JsonNode shown = grid.json("show", Long.toString(waiting));
            assertEquals("QUEUED", shown.get("state").asText(), shown.toString());
            assertTrue(shown.get("waitReason").asText().toLowerCase().contains("slot"), shown.toString());
            grid.run("cancel", Long.toString(waiting));
            grid.run("cancel", Long.toString(running));
            assertEquals(1, grid.run("watch", Long.toString(running)).exitCode());
        }
    }

    @Test
    void historyIsIntactAfterTheControllerRestartsOnTheSameDatabase() throws Exception {
        try (Grid grid = Grid.start(temp, 4, 2)) {
            Path program = grid.sharedFile("progs/keep.py", "print('kept')\n");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode task = grid.json("submit", program.toString(), "--project", "keep", "--wait");
                ids.add(task.get("id").asLong());
            }
            JsonNode before = grid.json("history", "--project", "keep");
            grid.restartController();
            JsonNode after = grid.json("history", "--project", "keep");
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                for (String field : List.of("id", "state", "agentId", "exitCode", "submittedAt", "endedAt", "resultPath")) {
                    assertEquals(before.get(i).get(field), after.get(i).get(field), field + " of " + before.get(i));
                }
            }
            JsonNode shown = grid.json("show", Long.toString(ids.get(0)));
            assertTrue(shown.get("output").asText().contains("kept"), shown.toString());
        }
    }

    @Test
    void aDrainedAgentFinishesWhatRunsTakesNothingNewAndAWaitingTaskSaysWhy() throws Exception {
        try (Grid grid = Grid.start(temp, 4, 1)) {
            String agentId = grid.agents().get(0).agentId();
            Path gate = grid.shared.resolve("gate");
            Path program = grid.sharedFile("progs/gated.sh", "while [ ! -e \"$TASKGRID_SHARED/gate\" ]; do sleep 0.1; done\necho done\n");
            long running = grid.json("submit", program.toString(), "--project", "drain").get("id").asLong();
            awaitState(grid, running, "RUNNING");

            CliResult drained = grid.run("drain", agentId.substring(0, 6), "--reason", "disk replacement");
            assertEquals(0, drained.exitCode(), drained.toString());
            assertTrue(drained.out().startsWith("Agent " + agentId + " on "), drained.out());
            assertTrue(drained.out().strip().endsWith(" is draining (1 running): disk replacement."
                    + " It can be stopped once `taskgrid agents` shows it drained."), drained.out());
            long waiting = grid.json("submit", program.toString(), "--project", "drain", "--force").get("id").asLong();
            String reason = grid.json("show", Long.toString(waiting)).get("waitReason").asText();
            assertTrue(reason.startsWith("The only agent that runs sh is drained (" + agentId + ": disk replacement)"), reason);

            java.nio.file.Files.writeString(gate, "open");
            assertEquals(0, grid.run("watch", Long.toString(running)).exitCode(), "the running task finishes on the drained agent");
            String row = grid.run("agents").out().lines().skip(1).findFirst().orElseThrow();
            assertTrue(row.contains("  drained: disk replacement  "), row);
            assertEquals("QUEUED", grid.json("show", Long.toString(waiting)).get("state").asText(), "nothing new went to it");

            assertEquals(0, grid.run("resume", agentId).exitCode());
            assertEquals(0, grid.run("watch", Long.toString(waiting)).exitCode(), "resumed, it runs the waiting task");
            CliResult unknown = grid.run("drain", "nosuchagent");
            assertEquals(2, unknown.exitCode(), unknown.toString());
            assertTrue(unknown.err().contains("No connected agent has the id nosuchagent; the connected ones are " + agentId), unknown.err());
        }
    }

    private static void awaitState(Grid grid, long id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!grid.json("show", Long.toString(id)).get("state").asText().equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " never became " + state);
            }
            Thread.sleep(100);
        }
    }
}
