package io.taskgrid.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.taskgrid.console.FakeController.T0;
import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task arrays and dependencies from the console: submit, show, history, cancel, hold and release, as text and JSON. */
class ArraysAndDependenciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    FakeController controller;
    ConsoleRun console;

    @BeforeEach
    void setUp() throws IOException {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.writeString(home.resolve("sim.py"), "import os\nprint(os.environ['TASKGRID_ARRAY_INDEX'])\n");
        controller = new FakeController(shared.toString());
        console = new ConsoleRun(controller);
        console.workingDirectory = home;
    }

    /** Array 42 of 1000 members (1-1000%10): 980 succeeded, 15 running, 5 failed; members 42.1 and 42.7 known one by one. */
    private ArraySummary array42() {
        ArraySummary s = new ArraySummary(42, TaskArray.parse("1-1000%10"), "sim.py (inline)", "ann", T0,
                Map.of(TaskState.SUCCEEDED, 980, TaskState.RUNNING, 15, TaskState.FAILED, 5), List.of(3, 17, 256, 400, 999),
                null);
        controller.arrays.put(42L, s);
        controller.tasks.put(42L, member(42, 1, TaskState.SUCCEEDED).build());
        controller.tasks.put(48L, member(48, 7, TaskState.FAILED).exitCode(3).build());
        return s;
    }

    private static TaskRecord.Builder member(long id, int index, TaskState state) {
        return task(id, state).program("sim.py (inline)").arrayId(42L).arrayIndex(index);
    }

    @Test
    void submitArraySendsOneCallAndNamesItsMembers() {
        controller.onSubmit = spec -> member(42, 1, TaskState.QUEUED).build();

        assertEquals(0, console.run("submit", "sim.py", "--array", "1-1000%10"), console.err());

        assertEquals(1, controller.submitted.size());
        assertEquals(new TaskArray(1, 1000, 1, 10), controller.submitted.get(0).array());
        assertEquals("Submitted array 42: 1000 tasks, 42.1 … 42.1000, at most 10 running at once." + System.lineSeparator() + "Follow it: taskgrid"
                + " show 42\n", console.out());
    }

    @Test
    void submitArrayJsonCarriesTheFirstMemberAndTheArraysExtent() throws IOException {
        controller.onSubmit = spec -> member(42, 0, TaskState.QUEUED).build();

        assertEquals(0, console.run("submit", "sim.py", "--array", "0-99:10", "--json"), console.err());

        JsonNode n = JSON.readTree(console.out());
        assertEquals(42, n.get("id").asLong());
        assertEquals("42.0", n.get("displayId").asText());
        assertEquals(42, n.get("arrayId").asLong());
        assertEquals("0-90:10", n.get("array").get("indexes").asText());
        assertEquals(10, n.get("array").get("size").asInt());
        assertTrue(n.get("array").get("limit").isNull());
    }

    @Test
    void aBadArrayIsRefusedWithTheParsersSentenceAndNothingIsSent() {
        assertEquals(2, console.run("submit", "sim.py", "--array", "1..1000"));
        assertTrue(console.err().contains("--array: '1..1000' is not an array of indexes; write FIRST-LAST[:STEP][%LIMIT],"),
                console.err());

        assertEquals(2, console.run("submit", "sim.py", "--array", "1000-1"));
        assertTrue(console.err().contains("write 1-1000"), console.err());
        assertEquals(0, controller.submitted.size());
        assertEquals(0, controller.connections.get(), "refused before connecting");
    }

    @Test
    void arrayWithEachOrWaitIsRefusedInWords() throws IOException {
        Files.writeString(console.workingDirectory.resolve("runs.txt"), "sim.py 1\n");

        assertEquals(2, console.run("submit", "--each", "runs.txt", "--array", "1-10"));
        assertTrue(console.err().contains("Give either --array or --each, not both"), console.err());

        assertEquals(2, console.run("submit", "sim.py", "--array", "1-10", "--wait"));
        assertTrue(console.err().contains("--wait follows one task; follow an array with `taskgrid show ID`"), console.err());
        assertEquals(0, controller.submitted.size());
    }

    @Test
    void submitAfterSendsEachKindAndResolvesArrayDotIndexToTheMembersId() {
        array42();

        assertEquals(0, console.run("submit", "sim.py", "--after", "41", "--after-any", "42,43", "--after-failed", "42.7"),
                console.err());

        assertEquals(List.of(new Dependency(Dependency.Kind.SUCCEEDED, 41), new Dependency(Dependency.Kind.ENDED, 42),
                        new Dependency(Dependency.Kind.ENDED, 43), new Dependency(Dependency.Kind.FAILED, 48)),
                controller.submitted.get(0).after());
    }

    @Test
    void aBadDependencyIsRefusedBeforeSendingAndAnUnknownIndexWithTheControllersSentence() {
        array42();

        assertEquals(2, console.run("submit", "sim.py", "--after", "41,x"));
        assertTrue(console.err().contains("--after: 'x' is not a task id"), console.err());

        assertEquals(2, console.run("submit", "sim.py", "--after-any", "42.5000"));
        assertTrue(console.err().contains("Array 42 has no index 5000; its indexes are 1-1000%10."), console.err());
        assertEquals(0, controller.submitted.size());
    }

    @Test
    void showOfAnArraysIdCountsItsMembersAndNamesTheFailedOnesIn80Columns() {
        array42();
        controller.dependants.put(42L, List.of(task(1043, TaskState.QUEUED).after(List.of(Dependency.after(42))).build()));

        assertEquals(0, console.run("show", "42"), console.err());

        List<String> lines = console.out().lines().toList();
        assertEquals("Array 42  ∑ running: 985 of 1000 ended", lines.get(0));
        assertTrue(lines.contains("  program       sim.py (inline)"), console.out());
        assertTrue(lines.contains("  indexes       1-1000%10 (42.1 … 42.1000, at most 10 running at once)"),
                console.out());
        assertTrue(lines.contains("  members       1000 tasks: 15 running, 980 succeeded, 5 failed"), console.out());
        assertTrue(lines.contains("  failed        3, 17, 256, 400, 999"), console.out());
        assertTrue(lines.contains("  submitted     2024-05-01 12:00:00 by ann"), console.out());
        assertTrue(lines.contains("  needed by     task 1043"), console.out());
        assertTrue(lines.contains("Its members: taskgrid history --array 42; one of them: taskgrid show 42.1"), console.out());
        lines.forEach(l -> assertTrue(l.length() <= 80, "wider than 80 columns: " + l));
    }

    @Test
    void showOfAnArrayJsonIsItsSummary() throws IOException {
        array42();

        assertEquals(0, console.run("show", "42", "--json"), console.err());

        JsonNode n = JSON.readTree(console.out());
        assertEquals(42, n.get("arrayId").asLong());
        assertEquals("1-1000%10", n.get("indexes").asText());
        assertEquals(10, n.get("limit").asInt());
        assertEquals(980, n.get("counts").get("SUCCEEDED").asInt());
        assertEquals(5, n.get("failedIndexes").size());
        assertFalse(n.get("finished").asBoolean());
    }

    @Test
    void showOfArrayDotIndexShowsThatMemberAndWhichArrayItIsOf() {
        array42();

        assertEquals(0, console.run("show", "42.7"), console.err());

        List<String> lines = console.out().lines().toList();
        assertEquals("Task 42.7 (id 48)  X failed", lines.get(0));
        assertTrue(lines.contains("  array         index 7 of array 42 (all of it: taskgrid show 42)"), console.out());
    }

    @Test
    void showOfATaskSaysWhatItWaitsForAndWhatWaitsForIt() throws IOException {
        array42();
        controller.tasks.put(41L, task(41, TaskState.RUNNING).build());
        controller.tasks.put(1043L, task(1043, TaskState.QUEUED).waitReason("It waits for task 41 to succeed.")
                .after(List.of(Dependency.after(41), new Dependency(Dependency.Kind.ENDED, 42))).build());
        controller.dependants.put(1043L, IntStream.range(0, 25).mapToObj(i -> task(2000 + i, TaskState.QUEUED).build()).toList());

        assertEquals(0, console.run("show", "1043"), console.err());

        List<String> lines = console.out().lines().toList();
        assertTrue(lines.contains("  waits for     task 41 to succeed; array 42 to end"), console.out());
        int neededBy = lines.indexOf(lines.stream().filter(l -> l.startsWith("  needed by")).findFirst().orElseThrow());
        String needed = String.join(" ", lines.subList(neededBy, neededBy + 4)).replaceAll(" +", " ");
        assertTrue(needed.startsWith(" needed by task 2000, task 2001,"), needed);
        assertTrue(needed.contains("task 2019 … (25 tasks in all)"), needed);
        assertTrue(lines.contains("  waiting       It waits for task 41 to succeed."), console.out());
        lines.forEach(l -> assertTrue(l.length() <= 80, "wider than 80 columns: " + l));

        assertEquals(0, console.run("show", "1043", "--json"), console.err());
        JsonNode n = JSON.readTree(console.out().substring(console.out().indexOf('{')));
        assertEquals("after", n.get("after").get(0).get("kind").asText());
        assertEquals(41, n.get("after").get(0).get("taskId").asLong());
        assertEquals("after-any", n.get("after").get(1).get("kind").asText());
        assertEquals(25, n.get("dependants").size());
    }

    @Test
    void historyFoldsAnArrayIntoOneRowWithItsCountsAndFits80Columns() {
        array42();
        controller.tasks.put(41L, task(41, TaskState.SUCCEEDED).program("prepare-the-inputs-for-the-sweep.py")
                .project("thesis-chapter-3").agentId("0f3c2a9e-1b2c-4d5e-8f90-123456789abc").startedAt(T0)
                .endedAt(T0.plusSeconds(2)).build());
        controller.tasks.put(1043L, task(1043, TaskState.QUEUED).program("collect.py").build());
        console.variables.put("COLUMNS", "80");

        assertEquals(0, console.run("history"), console.err());

        assertTrue(controller.queries.get(0).oneRowPerArray(), "arrays folded");
        assertEquals(List.of(42L), controller.arraysAsked, "only the arrays on the page are asked for");
        List<String> lines = console.out().lines().toList();
        assertEquals(4, lines.size(), console.out());
        assertTrue(lines.get(0).matches("  ID\\s+STATES\\s+PROJECT\\s+PROGRAM\\s+AGENT\\s+SUBMITTED\\s+DURATION"), lines.get(0));
        assertTrue(lines.get(2).matches("∑ 42\\[1000] +15∑ 980✓ 5X +default +sim\\.py \\(inl… +- +12:00:00 +1m00s"),
                lines.get(2));
        assertTrue(lines.get(1).startsWith("… 1043  "), lines.get(1));
        lines.forEach(l -> assertTrue(l.length() <= 80, "wider than 80 columns: " + l));
    }

    @Test
    void historyJsonCarriesTheSummaryOfEachFoldedArray() throws IOException {
        array42();
        controller.tasks.put(41L, task(41, TaskState.SUCCEEDED).build());

        assertEquals(0, console.run("history", "--json"), console.err());

        JsonNode rows = JSON.readTree(console.out());
        assertEquals(2, rows.size());
        assertEquals(42, rows.get(0).get("id").asLong());
        assertEquals(1000, rows.get(0).get("array").get("size").asInt());
        assertEquals(15, rows.get(0).get("array").get("counts").get("RUNNING").asInt());
        assertNull(rows.get(1).get("array"), "a task outside arrays has none");
    }

    @Test
    void historyArrayListsTheMembersAsArrayDotIndex() {
        array42();

        assertEquals(0, console.run("history", "--array", "42", "--state", "failed"), console.err());

        assertEquals(42L, controller.queries.get(0).arrayId());
        assertEquals(TaskState.FAILED, controller.queries.get(0).state());
        List<String> lines = console.out().lines().toList();
        assertEquals(2, lines.size(), console.out());
        assertTrue(lines.get(1).startsWith("X 42.7  "), lines.get(1));
        assertTrue(controller.arraysAsked.isEmpty(), "members are not folded");

        assertEquals(2, console.run("history", "--array", "42.7"));
        assertTrue(console.err().contains("--array takes an array's id, not one member's (42.7); write --array 42"),
                console.err());
    }

    @Test
    void cancelHoldAndReleaseOfAnArraysIdActOnTheWholeArrayAndOfArrayDotIndexOnOneMember() {
        array42();
        controller.tasks.put(49L, member(49, 8, TaskState.QUEUED).build());

        assertEquals(0, console.run("hold", "42"), console.err());
        assertEquals(0, console.run("release", "42"), console.err());
        assertEquals(0, console.run("cancel", "42"), console.err());
        assertEquals(List.of("hold 42", "release 42", "cancel 42"), controller.arrayCalls);
        assertTrue(console.out().contains("Array 42 (sim.py (inline)) has no waiting member to hold; 15 running go on."),
                console.out());
        assertTrue(console.out().contains("Array 42 (sim.py (inline)): its 15 members that had not ended are cancelled, or"
                + " stopping where they ran; now 1000 tasks: 980 succeeded, 5 failed, 15 cancelled."), console.out());
        assertEquals(TaskState.SUCCEEDED, controller.tasks.get(42L).state(), "the first member alone is left as it was");

        assertEquals(0, console.run("cancel", "42.8"), console.err());
        assertEquals(TaskState.CANCELLED, controller.tasks.get(49L).state());
        assertTrue(console.out().contains("Task 42.8 cancelled."), console.out());
        assertEquals(3, controller.arrayCalls.size(), "a member is cancelled alone");

        assertEquals(0, console.run("cancel", "42"), console.err());
        assertTrue(console.out().contains("Array 42 had already ended: 1000 tasks: 980 succeeded, 5 failed, 15 cancelled."),
                console.out());
    }

    @Test
    void holdingAnArraySaysHowManyMembersWaitAndHowManyRun() {
        ArraySummary waiting = new ArraySummary(42, TaskArray.parse("1-100"), "sim.py", "ann", T0,
                Map.of(TaskState.QUEUED, 90, TaskState.RUNNING, 10), List.of(), null);

        assertEquals("Array 42 (sim.py) is held: its 90 waiting members start only after `taskgrid release 42`; 10 running"
                + " go on.", HoldCommand.Hold.said(waiting));
    }

    @Test
    void aCommandOnOneTaskRefusesAnArraysIdAndNamesAMember() {
        array42();

        assertEquals(2, console.run("logs", "42"));
        assertTrue(console.err().contains("42 is an array; `taskgrid logs` works on one task: name a member, like 42.1"),
                console.err());
        assertEquals(2, console.run("priority", "42", "5"));
        assertTrue(console.err().contains("`taskgrid priority` works on one task"), console.err());
    }
}
