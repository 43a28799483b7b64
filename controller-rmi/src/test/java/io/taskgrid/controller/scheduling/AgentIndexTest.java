package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentIndexTest {
    private static final Language[] LANGUAGES = {Language.PYTHON, Language.SHELL, Language.BASH};
    /** Few distinct values, so that ties on relative load and CPU load are common. */
    private static final double[] CPU = {-1, 0, 0.25, 0.25, 0.5, 1.0};
    private static final String[] LABELS = {"gpu", "big-mem", "ssd"};
    private static final List<Requirements> REQUIREMENTS = List.of(Requirements.parse(List.of("gpu")),
            Requirements.parse(List.of("gpu", "ssd")), Requirements.parse(List.of("!gpu")),
            Requirements.parse(List.of("big-mem", "!ssd")), Requirements.parse(List.of("tpu")));

    @Test
    void picksWhatTheScanOverEveryAgentPicksThroughRandomChanges() {
        for (long seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            List<AgentState> agents = new ArrayList<>();
            AgentIndex index = new AgentIndex();
            int nextId = 0;
            long nextTask = 1;
            for (int step = 0; step < 300; step++) {
                int op = agents.isEmpty() ? 0 : rnd.nextInt(10);
                switch (op) {
                    case 0 -> { // an agent joins, possibly with tasks it already runs
                        AgentState a = randomAgent("a" + nextId++, rnd);
                        agents.add(a);
                        index.refresh(a);
                    }
                    case 1 -> { // an agent goes
                        AgentState a = agents.remove(rnd.nextInt(agents.size()));
                        index.remove(a);
                    }
                    case 2, 3, 4 -> { // a task starts on the chosen agent, as the scheduler does it
                        Language l = LANGUAGES[rnd.nextInt(LANGUAGES.length)];
                        AgentState chosen = index.best(l).orElse(null);
                        if (chosen != null) {
                            assertTrue(agents.contains(chosen), "the index offered an agent that is gone");
                            chosen.running.add(nextTask++);
                            index.refresh(chosen);
                        }
                    }
                    case 5, 6 -> { // a task ends
                        AgentState a = agents.get(rnd.nextInt(agents.size()));
                        if (!a.running.isEmpty()) {
                            a.running.remove(a.running.iterator().next());
                            index.refresh(a);
                        }
                    }
                    case 7, 8 -> { // a heartbeat: new CPU load, usable again
                        AgentState a = agents.get(rnd.nextInt(agents.size()));
                        a.cpuLoad = CPU[rnd.nextInt(CPU.length)];
                        a.usable = true;
                        index.refresh(a);
                    }
                    default -> { // a refused dispatch
                        AgentState a = agents.get(rnd.nextInt(agents.size()));
                        a.usable = false;
                        index.refresh(a);
                    }
                }
                for (Language l : Language.values()) {
                    String expected = Placement.choose(agents, l).map(a -> a.id).orElse(null);
                    String actual = index.best(l).map(a -> a.id).orElse(null);
                    assertEquals(expected, actual, "seed " + seed + ", step " + step + ", " + l + ": the index and the scan disagree");
                    for (Requirements r : REQUIREMENTS) {
                        String scanned = Placement.choose(agents.stream().filter(a -> r.matches(a.labels)).toList(), l)
                                .map(a -> a.id).orElse(null);
                        String found = index.first(l, r, a -> true).map(a -> a.id).orElse(null);
                        assertEquals(scanned, found, "seed " + seed + ", step " + step + ", " + l + ", " + r
                                + ": the label index and the scan disagree");
                    }
                }
                long eligible = agents.stream().filter(AgentState::hasRoom).count();
                assertEquals(eligible, index.size(), "seed " + seed + ", step " + step + ": agents with a free slot");
            }
        }
    }

    @Test
    void anAgentRefreshedAfterEachChangeKeepsItsPlaceRightWhateverChangedFirst() {
        AgentState a = PlacementTest.agent("a", 2, 0, 0.5, Language.PYTHON);
        AgentState b = PlacementTest.agent("b", 2, 0, 0.6, Language.PYTHON);
        AgentIndex index = new AgentIndex();
        index.refresh(a);
        index.refresh(b);
        assertEquals("a", index.best(Language.PYTHON).orElseThrow().id);
        a.running.add(1L); // a is now at 1/2, b at 0/2
        index.refresh(a);
        assertEquals("b", index.best(Language.PYTHON).orElseThrow().id);
        b.running.add(2L);
        b.running.add(3L); // b is full
        index.refresh(b);
        assertEquals("a", index.best(Language.PYTHON).orElseThrow().id);
        a.running.add(4L);
        index.refresh(a);
        assertTrue(index.best(Language.PYTHON).isEmpty(), "both agents are full");
        assertEquals(0, index.size());
        b.running.clear();
        index.refresh(b);
        index.remove(b);
        assertTrue(index.best(Language.PYTHON).isEmpty(), "a removed agent is never offered");
    }

    @Test
    void agreesWithTheScanOnTheDocumentedCases() {
        AgentState big = PlacementTest.agent("big", 8, 3, 0.1, Language.PYTHON);
        AgentState small = PlacementTest.agent("small", 2, 1, 0.0, Language.PYTHON);
        AgentState shell = PlacementTest.agent("shell", 4, 0, 0, Language.SHELL);
        AgentState refused = PlacementTest.agent("refused", 4, 0, 0, Language.PYTHON, Language.SHELL);
        refused.usable = false;
        AgentState fewer = PlacementTest.agent("c", 2, 1, 0.5, Language.BASH);
        AgentState more = PlacementTest.agent("d", 4, 2, 0.5, Language.BASH);
        AgentState unknownCpu = PlacementTest.agent("e", 4, 2, -1, Language.BASH);
        List<AgentState> all = List.of(big, small, shell, refused, fewer, more, unknownCpu);
        AgentIndex index = new AgentIndex();
        all.forEach(index::refresh);
        for (Language l : EnumSet.allOf(Language.class)) {
            assertEquals(Placement.choose(all, l).map(a -> a.id), index.best(l).map(a -> a.id), l.toString());
        }
        assertEquals("big", index.best(Language.PYTHON).orElseThrow().id);
        assertEquals("shell", index.best(Language.SHELL).orElseThrow().id);
        assertEquals("c", index.best(Language.BASH).orElseThrow().id);
    }

    private static AgentState randomAgent(String id, Random rnd) {
        int slots = 1 + rnd.nextInt(4);
        List<Language> langs = new ArrayList<>();
        for (Language l : LANGUAGES) {
            if (rnd.nextBoolean()) {
                langs.add(l);
            }
        }
        List<String> labels = new ArrayList<>();
        for (String l : LABELS) {
            if (rnd.nextInt(3) == 0) {
                labels.add(l);
            }
        }
        AgentState a = PlacementTest.agent(id, slots, rnd.nextInt(slots + 1), CPU[rnd.nextInt(CPU.length)], labels,
                langs.toArray(Language[]::new));
        a.usable = rnd.nextInt(5) != 0;
        return a;
    }
}
