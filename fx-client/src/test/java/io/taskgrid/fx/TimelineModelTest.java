package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineModelTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final TimelineModel model = new TimelineModel(clock);

    private static TaskRecord run(long id, String agent, Instant start, TaskState state, Instant end) {
        return FakeGateway.task(id, state, "p").toBuilder().agentId(agent).agentHost("h-" + agent).startedAt(start)
                .endedAt(end).build();
    }

    private List<TimelineModel.Bar> all(String agent) {
        return model.bars(agent, T0.minus(Duration.ofHours(2)), clock.instant().plus(Duration.ofHours(2)));
    }

    @Test
    void aRunningTaskIsABarToNowThatEndsWithItsOutcome() {
        model.apply(run(1, "a", T0, TaskState.RUNNING, null));
        clock.advance(Duration.ofSeconds(30));
        TimelineModel.Bar bar = all("a").get(0);
        assertTrue(bar.running());
        assertEquals(clock.instant(), bar.endOr(model.now()));
        model.apply(run(1, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(20)));
        bar = all("a").get(0);
        assertEquals(T0.plusSeconds(20), bar.end());
        assertEquals(TaskState.SUCCEEDED, bar.state());
        assertEquals(1, model.size(), "the same run: one bar");
    }

    @Test
    void queuedOrRejectedTasksHaveNoBarAndATaskSeenOnlyAtItsEndHasOne() {
        model.apply(FakeGateway.task(1, TaskState.QUEUED, "p"));
        model.apply(FakeGateway.task(2, TaskState.REJECTED, "p"));
        assertEquals(0, model.size());
        // Coalescing keeps only a task's latest event: a quick task arrives already ended.
        model.apply(run(3, "a", T0, TaskState.FAILED, T0.plusSeconds(1)));
        assertEquals(TaskState.FAILED, all("a").get(0).state());
    }

    @Test
    void aLaneForEachAgentAndARowForEachTaskRunningAtOnce() {
        model.apply(run(1, "b", T0, TaskState.RUNNING, null));
        model.apply(run(2, "a", T0, TaskState.RUNNING, null));
        model.apply(run(3, "a", T0.plusSeconds(1), TaskState.RUNNING, null));
        model.apply(run(2, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(5)));
        model.apply(run(4, "a", T0.plusSeconds(6), TaskState.RUNNING, null));
        assertEquals(List.of("a", "b"), model.agents());
        assertEquals(List.of("a", "b", "c"), model.agents(List.of("c")), "the pool's idle agents get a lane too");
        assertEquals(List.of(0, 1, 0), all("a").stream().map(TimelineModel.Bar::slot).toList(),
                "task 4 takes the row task 2 left");
        assertEquals(2, model.slotsUsed("a"));
        assertEquals(0, all("b").get(0).slot());
    }

    @Test
    void aRunCutShortByALostAgentEndsAndTheNextAttemptIsABarOfItsOwn() {
        model.apply(run(1, "a", T0, TaskState.RUNNING, null));
        clock.advance(Duration.ofSeconds(10));
        model.apply(FakeGateway.task(1, TaskState.QUEUED, "p").toBuilder().attempt(1).build());
        assertEquals(TaskState.QUEUED, all("a").get(0).state(), "cut short");
        assertEquals(clock.instant(), all("a").get(0).end());
        model.apply(run(1, "b", clock.instant(), TaskState.RUNNING, null).toBuilder().attempt(2).build());
        assertEquals(2, model.size());
        assertEquals(2, all("b").get(0).attempt());
    }

    @Test
    void barsThatEndedBeforeTheSpanShownAreDropped() {
        model.apply(run(1, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(5)));
        model.apply(run(2, "a", T0, TaskState.RUNNING, null));
        clock.advance(TimelineModel.DEFAULT_SPAN.plus(TimelineModel.MARGIN).plusSeconds(6));
        model.evict();
        assertEquals(List.of(2L), all("a").stream().map(TimelineModel.Bar::taskId).toList(), "a running one stays");
        model.apply(run(3, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(1)));
        assertEquals(1, model.size(), "an end long ago is not even added");
    }

    @Test
    void atMostMaxBarsAreKeptTheFirstEndedGoFirst() {
        for (int i = 0; i < TimelineModel.MAX_BARS + 5; i++) {
            model.apply(run(i, "a" + (i % 4), T0.plusMillis(i), TaskState.SUCCEEDED, T0.plusMillis(i + 1)));
        }
        assertTrue(model.size() <= TimelineModel.MAX_BARS);
        assertNull(model.barAt("a0", 0, T0, Duration.ZERO), "the first ended went");
        assertFalse(all("a0").isEmpty());
    }

    @Test
    void whileTheControllerIsAwayRunningBarsStopAndTheReloadSettlesThem() {
        model.apply(run(1, "a", T0, TaskState.RUNNING, null));
        model.apply(run(2, "a", T0, TaskState.RUNNING, null));
        clock.advance(Duration.ofSeconds(5));
        model.stale(clock.instant());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(T0.plusSeconds(5), all("a").get(0).endOr(model.now()), "frozen where it went away");
        model.reload(List.of(run(1, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(30))));
        assertNull(model.frozenAt());
        List<TimelineModel.Bar> bars = all("a");
        assertEquals(TaskState.SUCCEEDED, bars.get(0).state());
        assertEquals(TaskState.QUEUED, bars.get(1).state(), "not named by the controller: its end is not known");
        assertEquals(T0.plusSeconds(5), bars.get(1).end());
    }

    @Test
    void aSnapshotOlderThanAnEventDoesNotReopenAnEndedRun() {
        model.apply(run(1, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(2)));
        model.reload(List.of(run(1, "a", T0, TaskState.RUNNING, null)));
        assertEquals(TaskState.SUCCEEDED, all("a").get(0).state());
    }

    @Test
    void theBarUnderThePointerIsFoundByRowAndTime() {
        model.apply(run(1, "a", T0, TaskState.SUCCEEDED, T0.plusSeconds(10)));
        model.apply(run(2, "a", T0.plusSeconds(2), TaskState.SUCCEEDED, T0.plusSeconds(4)));
        assertEquals(1L, model.barAt("a", 0, T0.plusSeconds(5), Duration.ZERO).taskId());
        assertEquals(2L, model.barAt("a", 1, T0.plusSeconds(3), Duration.ZERO).taskId());
        assertNull(model.barAt("a", 1, T0.plusSeconds(8), Duration.ZERO));
    }

    @Test
    void aThousandEventsASecondMakeAtMostFiveDrawingsASecond() {
        RedrawThrottle throttle = new RedrawThrottle(clock, TimelineView.GAP, Duration.ofSeconds(1));
        int drawings = 0;
        // The pulse asks every 200 ms; events come every millisecond between.
        for (int ms = 0; ms < 10_000; ms++) {
            model.apply(run(ms, "a", clock.instant(), TaskState.SUCCEEDED, clock.instant().plusMillis(1)));
            if (ms % 50 == 0 && throttle.due(model.version())) {
                drawings++;
            }
            clock.advance(Duration.ofMillis(1));
        }
        assertTrue(drawings <= 50, drawings + " drawings in 10 s");
        assertTrue(drawings >= 40, "but it keeps up: " + drawings);
    }

    @Test
    void withoutChangesItDrawsOnceASecondAsTimeMoves() {
        RedrawThrottle throttle = new RedrawThrottle(clock, TimelineView.GAP, Duration.ofSeconds(1));
        long v = model.version();
        assertTrue(throttle.due(v), "the first time");
        clock.advance(Duration.ofMillis(400));
        assertFalse(throttle.due(v));
        clock.advance(Duration.ofMillis(600));
        assertTrue(throttle.due(v));
    }
}
