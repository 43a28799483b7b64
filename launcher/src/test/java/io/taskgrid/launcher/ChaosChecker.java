package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.launcher.ExecutionLog.Execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a chaos scenario: compares what the task programs did ({@link ExecutionLog}) with what the history says
 * ({@code history --json}, with each task's "attempts") and lists every break of issue 19's guarantee:
 * <ul>
 *     <li>no two runs of one task overlap in time;</li>
 *     <li>every acknowledged task has exactly one final state;</li>
 *     <li>the attempts match the runs: each run is an attempt the history lists, no attempt ran twice or is listed
 *     twice, a task that succeeded has a run of its last attempt that reached its end, and an attempt recorded as
 *     given up (lost, back to the queue) did not go on to its end after it was given up;</li>
 *     <li>no program of a run that did not end still runs.</li>
 * </ul>
 * A task whose program ran to its end, then ran again, is excused only when that end came shortly before one of the
 * faults or during it: a killed process takes the outcome it held with it, and a paused or cut-off agent cannot deliver
 * it before its lease ends, after which the task runs again (the one run twice no system avoids; never at once).
 */
final class ChaosChecker {
    /** How long before a kill an outcome may still have been only in memory. */
    static final long UNAVOIDABLE_WINDOW_MS = 1_000;
    /** How long after the killed process was gone its orphan guard may take to kill the programs. */
    static final long GUARD_MS = 500;

    /**
     * One fault, in epoch ms: a kill -9 from when it was sent to when the process was seen gone; a pause (SIGSTOP) or a
     * partition from its start to its end.
     */
    record Fault(long sentMillis, long goneMillis) {
        /** Whether a run that ended at {@code end} ended as its outcome could die with, or be held up by, the fault. */
        boolean excuses(long end) {
            return sentMillis - UNAVOIDABLE_WINDOW_MS <= end && end <= goneMillis + GUARD_MS;
        }
    }

    /** The figures of one scenario and what broke the guarantee (empty when nothing did). */
    record Report(String scenario, int submitted, int succeeded, int retried, int failed, int lost, int ranTwice,
                  int overlapping, List<String> problems) {
        String summary() {
            return String.format("chaos %s: submitted %d / succeeded %d / retried %d / failed %d / lost %d / ran twice %d"
                    + " / overlapping %d", scenario, submitted, succeeded, retried, failed, lost, ranTwice, overlapping);
        }

        String details() {
            return summary() + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
        }
    }

    private ChaosChecker() {
    }

    /**
     * @param acknowledged the ids the controller acknowledged
     * @param history      the history's tasks by id ({@code history --json}: state, attempt, attempts)
     * @param executions   the runs of the log
     * @param goneAt       per pid of a run without an end, when its program was seen gone (epoch ms)
     * @param faults       the kills, pauses and partitions of the scenario
     */
    static Report check(String scenario, Set<Long> acknowledged, Map<Long, JsonNode> history, List<Execution> executions,
                        Map<Long, Long> goneAt, List<Fault> faults) {
        List<String> problems = new ArrayList<>();
        Map<Long, List<Execution>> runs = new HashMap<>();
        for (Execution e : executions) {
            runs.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
            if (!acknowledged.contains(e.taskId())) {
                problems.add("a task the controller never acknowledged ran: " + e);
            }
        }
        long now = System.currentTimeMillis();
        int succeeded = 0;
        int failed = 0;
        int retried = 0;
        int lost = 0;
        Set<Long> ranTwice = new HashSet<>();
        Set<Long> overlapping = new HashSet<>();
        for (long id : acknowledged.stream().sorted().toList()) {
            List<Execution> mine = runs.getOrDefault(id, List.of());
            JsonNode task = history.get(id);
            if (task == null || !TaskState.valueOf(task.get("state").asText()).isFinal()) {
                lost++;
                problems.add("task " + id + " has no final state: " + (task == null ? "not in the history" : task.get("state")));
                continue;
            }
            TaskState state = TaskState.valueOf(task.get("state").asText());
            succeeded += state == TaskState.SUCCEEDED ? 1 : 0;
            failed += state == TaskState.FAILED ? 1 : 0;
            retried += task.get("attempt").asInt() > 1 ? 1 : 0;

            // Overlaps: a run without an end lasted until its program was seen gone (or until now, if never).
            for (int i = 0; i < mine.size(); i++) {
                for (int k = i + 1; k < mine.size(); k++) {
                    Execution a = mine.get(i);
                    Execution b = mine.get(k);
                    if (b.startMillis() < end(a, goneAt, now)) {
                        overlapping.add(id);
                        problems.add("task " + id + " ran twice at once: " + a + " and " + b);
                    }
                }
            }
            // Runs to the end: more than one is excused only right before a kill.
            List<Execution> completed = mine.stream().filter(Execution::ranToItsEnd).toList();
            if (completed.size() > 1) {
                ranTwice.add(id);
                for (Execution c : completed.subList(0, completed.size() - 1)) {
                    long end = c.endMillis().getAsLong();
                    if (faults.stream().noneMatch(k -> k.excuses(end))) {
                        problems.add("task " + id + " ran to its end, then again: " + completed + "; faults " + faults);
                    }
                }
            }
            // Attempts against runs.
            Map<Integer, JsonNode> rows = new HashMap<>();
            for (JsonNode row : task.path("attempts")) {
                if (rows.put(row.get("attempt").asInt(), row) != null) {
                    problems.add("task " + id + " lists attempt " + row.get("attempt").asInt() + " twice: " + task.get("attempts"));
                }
            }
            Map<Integer, Integer> runsPerAttempt = new HashMap<>();
            for (Execution e : mine) {
                if (runsPerAttempt.merge(e.attempt(), 1, Integer::sum) == 2) {
                    problems.add("task " + id + " ran attempt " + e.attempt() + " more than once: " + mine);
                }
                JsonNode row = rows.get(e.attempt());
                if (row == null) {
                    problems.add("task " + id + " ran as attempt " + e.attempt() + ", which the history does not list: "
                            + task.get("attempts"));
                    continue;
                }
                String rowState = row.path("state").asText();
                if (e.ranToItsEnd() && !rowState.equals("SUCCEEDED") && !rowState.equals("FAILED") && row.hasNonNull("endedAt")) {
                    long givenUp = Instant.parse(row.get("endedAt").asText()).toEpochMilli();
                    if (e.endMillis().getAsLong() > givenUp) {
                        problems.add("task " + id + " attempt " + e.attempt() + " was recorded as '" + row.path("message").asText()
                                + "' at " + givenUp + " while its program ran on to its end at " + e.endMillis().getAsLong());
                    }
                }
                if (!e.ranToItsEnd() && ExecutionLog.running(e.pid()) && !goneAt.containsKey(e.pid())) {
                    problems.add("task " + id + ": the program of " + e + " still runs, though the task is " + state);
                }
            }
            if (state == TaskState.SUCCEEDED) {
                int last = task.get("attempt").asInt();
                if (completed.stream().noneMatch(e -> e.attempt() == last)) {
                    problems.add("task " + id + " SUCCEEDED on attempt " + last + " but no run of that attempt reached its end: " + mine);
                }
            }
        }
        return new Report(scenario, acknowledged.size(), succeeded, retried, failed, lost, ranTwice.size(), overlapping.size(),
                List.copyOf(problems));
    }

    private static long end(Execution e, Map<Long, Long> goneAt, long now) {
        if (e.endMillis().isPresent()) {
            return e.endMillis().getAsLong();
        }
        return goneAt.getOrDefault(e.pid(), now);
    }
}
