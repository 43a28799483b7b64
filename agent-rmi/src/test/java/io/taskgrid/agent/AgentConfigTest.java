package io.taskgrid.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {
    private final Path shared = Path.of("/tmp/shared");
    private final Path work = Path.of("/tmp/work");

    @Test
    void defaultsAreTwoSlotsOneSecondHeartbeatsAnd64MegabytesOfOutput() {
        AgentConfig c = AgentConfig.defaults("ctl", 0, shared, work);
        assertEquals(1099, c.controllerPort());
        assertEquals(2, c.slots());
        assertNull(c.agentId());
        assertEquals(0, c.port());
        assertEquals(Duration.ofSeconds(1), c.heartbeatInterval());
        assertEquals(64L * 1024 * 1024, c.maxOutputBytes());
        assertEquals("ctl:1099", c.controllerAddress());
    }

    @Test
    void refusesBadValuesWithASentence() {
        IllegalArgumentException slots = assertThrows(IllegalArgumentException.class,
                () -> new AgentConfig("ctl", 1099, 0, shared, work, null, 0, null, 0));
        assertTrue(slots.getMessage().contains("--slots 1 or more"), slots.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AgentConfig("ctl", 70000, 1, shared, work, null, 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new AgentConfig("ctl", 1099, 1, shared, work, "a b/c", 0, null, 0));
    }

    @Test
    void labelsAreCheckedAndSorted() {
        AgentConfig c = AgentConfig.defaults("ctl", 0, shared, work);
        assertEquals(java.util.List.of(), c.labels());
        assertEquals(java.util.List.of("big-mem", "gpu"), c.withLabels(java.util.List.of("gpu", "big-mem", "gpu")).labels());
        assertEquals(java.util.List.of("gpu"), c.withLabels(java.util.List.of("gpu")).withSlots(4).labels(), "kept by every copy");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.withLabels(java.util.List.of("GPU")));
        assertEquals("The label 'GPU' has capital letters; write it in lowercase: gpu.", bad.getMessage());
    }
}
