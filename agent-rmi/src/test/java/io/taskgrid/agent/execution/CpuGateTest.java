package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuGateTest {
    private final CpuGate<String> gate = new CpuGate<>(4);

    @Test
    void tasksStartWhileTheirCpusFitAndHoldThemUntilReleased() {
        assertEquals(List.of("a"), gate.offer("a", 2));
        assertEquals(List.of("b"), gate.offer("b", 1));
        assertEquals(1, gate.free());
        assertEquals(List.of(), gate.offer("c", 2), "2 CPUs asked, 1 free");
        assertEquals(List.of("c"), gate.release(2));
        assertEquals(1, gate.free(), "b and c hold 3 of 4");
    }

    @Test
    void waitingTasksStartFirstAcceptedFirstStarted() {
        gate.offer("running", 4);
        gate.offer("first", 1);
        gate.offer("second", 1);
        gate.offer("third", 1);
        assertEquals(List.of("first", "second", "third"), gate.release(4));
    }

    @Test
    void aWaitingLargeTaskIsNotOvertakenByLaterSmallOnes() {
        gate.offer("running", 2);
        assertEquals(List.of(), gate.offer("big", 4));
        assertEquals(List.of(), gate.offer("small", 1), "2 CPUs are free, but the 4-CPU task waits before it");
        assertEquals(List.of(), gate.offer("small2", 1));
        assertEquals(2, gate.free());
        assertEquals(List.of("big"), gate.release(2), "the big one first, alone");
        assertEquals(List.of("small", "small2"), gate.release(4));
    }

    @Test
    void aWithdrawnWaitingTaskNeverStartsAndLetsThoseBehindItIn() {
        gate.offer("running", 2);
        gate.offer("big", 4);
        gate.offer("small", 1);
        List<String> now = new ArrayList<>();
        assertTrue(gate.withdraw("big", now));
        assertEquals(List.of("small"), now, "nothing waits before it any more, and 2 CPUs are free");
        assertFalse(gate.withdraw("big", new ArrayList<>()), "withdrawn once");
        assertFalse(gate.withdraw("running", new ArrayList<>()), "a started task is not withdrawn");
        assertEquals(List.of(), gate.release(2));
        assertEquals(3, gate.free());
    }

    @Test
    void aTaskLargerThanTheAgentIsRefusedNotQueuedForever() {
        assertFalse(gate.fits(5));
        assertTrue(gate.fits(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gate.offer("huge", 5));
        assertEquals("A task asks for 5 CPUs; this agent has 4.", e.getMessage());
        assertEquals(0, gate.waitingCount());
        assertEquals(4, gate.free());
    }

    @Test
    void closingHandsBackWhatWaitedAndStartsNothingMore() {
        gate.offer("running", 4);
        gate.offer("w1", 1);
        gate.offer("w2", 3);
        assertEquals(List.of("w1", "w2"), gate.close());
        assertEquals(List.of(), gate.release(4));
        assertEquals(List.of(), gate.offer("late", 1));
        assertEquals(List.of(), gate.close());
    }
}
