package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTest {
    static AgentState agent(String id, int slots, int running, double cpu, Language... languages) {
        return agent(id, slots, running, cpu, List.of(), languages);
    }

    static AgentState agent(String id, int slots, int running, double cpu, List<String> labels, Language... languages) {
        List<RuntimeInfo> rts = java.util.Arrays.stream(languages).map(l -> new RuntimeInfo(l, l.displayName(), "")).toList();
        AgentState a = new AgentState(id, 1, "host-" + id, slots, 0, rts, labels, null, null, Instant.EPOCH);
        for (int i = 0; i < running; i++) {
            a.running.add((long) (id.hashCode() * 100 + i));
        }
        a.cpuLoad = cpu;
        return a;
    }

    @Test
    void picksTheLeastLoadedRelativeToSlots() {
        AgentState big = agent("big", 8, 3, 0.1, Language.PYTHON);   // 0.375
        AgentState small = agent("small", 2, 1, 0.0, Language.PYTHON); // 0.5
        assertEquals("big", Placement.choose(List.of(small, big), Language.PYTHON).orElseThrow().id);
    }

    @Test
    void skipsAgentsWithoutTheLanguageOrAFreeSlotOrThatRefused() {
        AgentState shell = agent("shell", 4, 0, 0, Language.SHELL);
        AgentState full = agent("full", 1, 1, 0, Language.PYTHON);
        AgentState refused = agent("refused", 4, 0, 0, Language.PYTHON);
        refused.usable = false;
        assertTrue(Placement.choose(List.of(shell, full, refused), Language.PYTHON).isEmpty());
        assertEquals("shell", Placement.choose(List.of(shell, full, refused), Language.SHELL).orElseThrow().id);
    }

    @Test
    void breaksTiesByCpuLoadThenRunningCount() {
        AgentState busyCpu = agent("a", 2, 1, 0.9, Language.PYTHON);
        AgentState idleCpu = agent("b", 2, 1, 0.2, Language.PYTHON);
        assertEquals("b", Placement.choose(List.of(busyCpu, idleCpu), Language.PYTHON).orElseThrow().id);
        AgentState fewer = agent("c", 2, 1, 0.5, Language.PYTHON);
        AgentState more = agent("d", 4, 2, 0.5, Language.PYTHON);
        assertEquals("c", Placement.choose(List.of(more, fewer), Language.PYTHON).orElseThrow().id);
    }

    @Test
    void explainsWhyATaskWaits() {
        assertEquals("No agent is connected; it runs as soon as one joins.",
                WaitReasons.explain(Language.PYTHON, List.of(), 0, 4, 0));
        assertEquals("No connected agent runs ruby programs; connected agents run: python, sh.",
                WaitReasons.explain(Language.RUBY, List.of(agent("a", 2, 0, 0, Language.PYTHON, Language.SHELL)), 0, 4, 0));
        assertEquals("The process limit is reached: 4 of 4 processes are running; 3 tasks are ahead of it.",
                WaitReasons.explain(Language.PYTHON, List.of(agent("a", 8, 4, 0, Language.PYTHON)), 4, 4, 3));
        assertEquals("All 4 slots of the agents that run python are busy; 1 task is ahead of it.",
                WaitReasons.explain(Language.PYTHON, List.of(agent("a", 2, 2, 0, Language.PYTHON),
                        agent("b", 2, 2, 0, Language.PYTHON), agent("c", 9, 0, 0, Language.SHELL)), 4, 100, 1));
    }
}
