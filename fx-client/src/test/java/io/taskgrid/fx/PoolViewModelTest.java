package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolViewModelTest {
    private final FakeGateway controller = new FakeGateway();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T12:00:00Z"));
    private final PoolViewModel pool = new PoolViewModel(() -> controller, new Background(Runnable::run, Runnable::run), clock);

    PoolViewModelTest() {
        controller.agents.add(new AgentInfo("agent-1", "h1", 2, 0, 0.1, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true));
        pool.reload();
    }

    @Test
    void drainAndResumeShowTheAgentsNewState() {
        pool.drain("agent-1", "maintenance");
        assertTrue(pool.agents().get(0).draining());
        assertEquals("drained: maintenance", pool.agents().get(0).availability());
        pool.resume("agent-1");
        assertFalse(pool.agents().get(0).draining());
        assertEquals("", pool.errorProperty().get());
    }

    @Test
    void aNonAdministratorIsToldTheControllersRefusal() {
        controller.refusal = "Only an administrator may drain an agent.";
        pool.drain("agent-1", "maintenance");
        assertEquals("Only an administrator may drain an agent.", pool.errorProperty().get());
        assertFalse(pool.agents().get(0).draining());
    }

    private static AgentInfo agent(String id, int running, double cpu, boolean connected) {
        return new AgentInfo(id, "h1", 2, running, cpu, List.of(), 0, Instant.EPOCH, Instant.EPOCH, connected);
    }

    @Test
    void eachHeartbeatIsASampleOfItsAgentsLoad() {
        assertEquals(1, pool.load("agent-1").size(), "the reload's figures are the first sample");
        for (int s = 1; s <= 5; s++) {
            clock.advance(Duration.ofSeconds(1));
            pool.apply(new AgentEvent(s, clock.instant(), AgentEvent.Kind.UPDATED, agent("agent-1", s % 3, s / 10.0, true)));
        }
        LoadSamples load = pool.load("agent-1");
        assertEquals(6, load.size());
        assertEquals(0.5, load.cpuAt(5), 1e-6);
        assertEquals(2, load.runningAt(5));
        assertEquals(clock.millis(), load.timeAt(5), "taken at the window's time");
    }

    @Test
    void aLostAgentStaysListedMarkedWithWhenUntilItIsBackOrTenMinutesPass() {
        Instant lostAt = clock.instant();
        pool.apply(new AgentEvent(1, lostAt, AgentEvent.Kind.LOST, agent("agent-1", 0, 0.1, false)));
        assertEquals(1, pool.agents().size());
        assertEquals(lostAt, pool.lostSince("agent-1"));
        assertEquals("0 agents, 0 of 0 CPUs held · 1 lost · 0 clients", pool.summaryProperty().get());
        controller.agents.clear();
        pool.reload(); // the controller no longer lists it
        assertEquals(lostAt, pool.lostSince("agent-1"), "still marked after a reload");

        clock.advance(PoolViewModel.LOST_KEPT.plusSeconds(1));
        pool.apply(new AgentEvent(2, clock.instant(), AgentEvent.Kind.JOINED, agent("agent-2", 0, 0.1, true)));
        assertEquals(List.of("agent-2"), pool.agents().stream().map(AgentInfo::id).toList(), "forgotten after ten minutes");
        assertNull(pool.load("agent-1"));
    }

    @Test
    void aLostAgentThatReportsAgainIsNoLongerMarked() {
        pool.apply(new AgentEvent(1, clock.instant(), AgentEvent.Kind.LOST, agent("agent-1", 0, 0.1, false)));
        pool.apply(new AgentEvent(2, clock.instant(), AgentEvent.Kind.JOINED, agent("agent-1", 0, 0.1, true)));
        assertNull(pool.lostSince("agent-1"));
        assertEquals(1, pool.agents().size());
    }

    @Test
    void anAgentThatLeftIsRemovedWithItsSamples() {
        pool.apply(new AgentEvent(1, clock.instant(), AgentEvent.Kind.LEFT, agent("agent-1", 0, 0.1, false)));
        assertTrue(pool.agents().isEmpty());
        assertNull(pool.load("agent-1"));
    }

    @Test
    void theSummaryCountsTheCpusTheRunningTasksHoldNotTheTasks() {
        controller.agents.clear();
        controller.agents.add(new AgentInfo("agent-1", "h1", 8, 2, 0.5, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true,
                null, List.of(), 5, 8L << 30, 3L << 30));
        controller.agents.add(new AgentInfo("agent-2", "h2", 2, 1, 0.5, List.of(), 0, Instant.EPOCH, Instant.EPOCH, true));
        pool.reload();
        assertEquals("2 agents, 6 of 10 CPUs held by 3 tasks · 0 clients", pool.summaryProperty().get());
    }

    @Test
    void theTooltipSaysTheFiguresNowAndTheMinutesHighest() {
        LoadSamples samples = new LoadSamples();
        samples.add(0, 0.97, 2);
        samples.add(50_000, 0.43, 1);
        assertEquals("CPU 43 % now, at most 97 % in the last minute.\n1 of 2 slots busy now, at most 2 in the last minute.",
                LoadColumn.describe(agent("a", 1, 0.43, true), samples, 55_000, false, null));
        assertEquals("Lost since 12:03; the chart is its load before.",
                LoadColumn.describe(agent("a", 1, 0.43, false), samples, 55_000, false, "12:03"));
    }
}
