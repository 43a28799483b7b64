package io.taskgrid.fx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadSamplesTest {
    @Test
    void keepsTheNewestSamplesOldestFirstOnceFull() {
        LoadSamples ring = new LoadSamples(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(i * 1000L, i / 10.0, i);
        }
        assertEquals(3, ring.size());
        assertEquals(3000L, ring.timeAt(0));
        assertEquals(5000L, ring.timeAt(2));
        assertEquals(0.5, ring.cpuAt(2), 1e-6);
        assertEquals(4, ring.runningAt(1));
    }

    @Test
    void holdsFiveMinutesOfHeartbeatsAndNoMore() {
        LoadSamples ring = new LoadSamples();
        for (int s = 0; s < 3_600; s++) {
            ring.add(s * 1000L, 0.5, 1);
        }
        assertEquals(LoadSamples.CAPACITY, ring.size());
        assertEquals((3_600 - LoadSamples.CAPACITY) * 1000L, ring.timeAt(0), "the oldest kept is five minutes back");
    }

    @Test
    void theMinutesMaximumLooksOnlyAtTheLastMinute() {
        LoadSamples ring = new LoadSamples();
        ring.add(0, 0.95, 4);
        ring.add(30_000, 0.20, 1);
        ring.add(70_000, 0.40, 2);
        ring.add(80_000, 0.30, 1);
        assertEquals(0.40, ring.maxCpuSince(80_000 - 60_000), 1e-6);
        assertEquals(2, ring.maxRunningSince(80_000 - 60_000));
        assertEquals(0.95, ring.maxCpuSince(0), 1e-6);
        assertEquals(-1, ring.maxCpuSince(90_000), "none in that minute: unknown");
    }

    @Test
    void anOlderSampleThanTheNewestIsIgnored() {
        LoadSamples ring = new LoadSamples();
        ring.add(5_000, 0.5, 1);
        ring.add(4_000, 0.9, 2);
        assertEquals(1, ring.size());
        assertEquals(0.5, ring.cpuAt(0), 1e-6);
    }
}
