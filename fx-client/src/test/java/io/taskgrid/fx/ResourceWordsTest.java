package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the detail and the pool say of CPUs and memory, in the console's words. */
class ResourceWordsTest {
    private static final long GB = 1L << 30;

    private static TaskRecord task(Resources asked, ResourceUsage usage) {
        return TaskRecord.builder().id(1).program("sim.py").state(TaskState.SUCCEEDED).resources(asked).usage(usage).build();
    }

    private static AgentInfo agent(int cpus, int cpusInUse, int running, long memory, long memoryInUse) {
        return new AgentInfo("a", "node1", cpus, running, 0.5, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true, null,
                List.of(), cpusInUse, memory, memoryInUse);
    }

    @Test
    void aTaskThatAskedForNothingSaysNothingOfItsRequest() {
        assertEquals(Optional.empty(), ResourceWords.asked(task(Resources.DEFAULT, null)));
        assertEquals(Optional.of("4 CPUs, 2G of memory"), ResourceWords.asked(task(Resources.of(4, 2 * GB), null)));
        assertEquals(Optional.of("2 CPUs"), ResourceWords.asked(task(Resources.of(2, 0), null)));
    }

    @Test
    void aRetriedTaskSaysItsRetriesUsedAndWhenTheNextAttemptRuns() {
        Instant now = Instant.parse("2026-12-08T12:00:00Z");
        Formats formats = new Formats(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        TaskRecord plain = TaskRecord.builder().id(1).program("sim.py").state(TaskState.QUEUED).build();
        assertEquals(Optional.empty(), ResourceWords.retries(plain, formats));
        TaskRecord waiting = plain.toBuilder().attempt(2).exitCode(75)
                .retry(io.taskgrid.api.task.RetryPolicy.of(3, java.time.Duration.ofSeconds(30), List.of(75)))
                .retriesUsed(1).retryAt(now.plusSeconds(30)).build();
        assertEquals(Optional.of("1 of 3 used; next attempt at 12:00:30 (exit code 75) (up to 3 retries, 30 s apart, on exit code 75)"),
                ResourceWords.retries(waiting, formats));
        assertEquals(Optional.of("1 of 3 used (up to 3 retries, 30 s apart, on exit code 75)"),
                ResourceWords.retries(waiting.toBuilder().state(TaskState.SUCCEEDED).retryAt(null).build(), formats));
    }

    @Test
    void thePeakIsSaidAgainstTheMemoryAskedFor() {
        ResourceUsage used = new ResourceUsage(12, GB, 0, 3 * GB);
        assertEquals(Optional.of("3.0 GB of the 2G it asked for"), ResourceWords.peakMemory(task(Resources.of(4, 2 * GB), used)));
        assertEquals(Optional.of("3.0 GB"), ResourceWords.peakMemory(task(Resources.DEFAULT, used)));
        assertEquals(Optional.empty(), ResourceWords.peakMemory(task(Resources.of(1, 2 * GB), null)), "not measured");
        assertEquals(Optional.empty(), ResourceWords.peakMemory(task(Resources.DEFAULT, ResourceUsage.NONE)));
    }

    @Test
    void anAgentShowsWhatItsTasksHoldOfWhatItOffers() {
        AgentInfo busy = agent(8, 5, 3, 8 * GB, 3 * GB);
        assertEquals("5/8", ResourceWords.cpus(busy));
        assertEquals("3G/8G", ResourceWords.memory(busy));
        assertEquals("5 of 8 CPUs held by 3 running tasks; 3 free.", ResourceWords.cpusInWords(busy));
        AgentInfo silent = agent(2, 0, 0, 0, 0);
        assertEquals("-", ResourceWords.memory(silent), "an agent that did not say its memory");
        assertEquals("0 of 2 CPUs held by 0 running tasks; 2 free.", ResourceWords.cpusInWords(silent));
    }
}
