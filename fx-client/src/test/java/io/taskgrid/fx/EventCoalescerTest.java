package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCoalescerTest {
    private static TaskEvent taskEvent(long seq, long id, TaskState state) {
        return new TaskEvent(seq, Instant.EPOCH, FakeGateway.task(id, state, "p"));
    }

    @Test
    void keepsOnlyTheLatestEventOfEachTaskAndAgentInOrder() {
        AgentInfo agent = new AgentInfo("a1", "h", 2, 0, 0.1, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true);
        List<GridEvent> in = List.of(taskEvent(1, 1, TaskState.QUEUED), taskEvent(2, 2, TaskState.QUEUED),
                new AgentEvent(3, Instant.EPOCH, AgentEvent.Kind.UPDATED, agent), taskEvent(4, 1, TaskState.RUNNING),
                new AgentEvent(5, Instant.EPOCH, AgentEvent.Kind.LEFT, agent));
        List<GridEvent> out = EventCoalescer.latestOnly(in);
        assertEquals(List.of(2L, 4L, 5L), out.stream().map(GridEvent::sequence).toList());
    }

    @Test
    void thousandsOfEventsReachTheWindowInAFewBatches() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            List<List<GridEvent>> batches = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(1);
            int[] seen = {0};
            EventCoalescer c = new EventCoalescer(timer, Duration.ofMillis(100), Runnable::run, batch -> {
                batches.add(batch);
                if (batch.stream().anyMatch(e -> e.sequence() == 20_000)) {
                    all.countDown();
                }
                seen[0] += batch.size();
            });
            for (int i = 1; i <= 20_000; i += 100) {
                List<GridEvent> chunk = new ArrayList<>();
                for (int j = i; j < i + 100; j++) {
                    chunk.add(taskEvent(j, j % 500, TaskState.RUNNING));
                }
                c.add(chunk);
            }
            assertTrue(all.await(5, TimeUnit.SECONDS), "the last event reached the window within 5 s");
            assertTrue(batches.size() < 20, "20,000 events came in " + batches.size() + " batches");
            assertTrue(seen[0] <= 500 * batches.size(), "at most one update per task per batch");
        } finally {
            timer.shutdownNow();
        }
    }
}
