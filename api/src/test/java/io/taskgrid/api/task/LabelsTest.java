package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsTest {
    @Test
    void lowercaseLettersDigitsDashUnderscoreAndDotAreLabels() {
        for (String ok : List.of("gpu", "big-mem", "cuda_12.1", "x", "a".repeat(40))) {
            assertEquals(Optional.empty(), Labels.problem(ok), ok);
        }
        for (String bad : List.of("", "Gpu", "big mem", "!gpu", "gpu,cpu", "é", "a".repeat(41), "a/b")) {
            assertTrue(Labels.problem(bad).isPresent(), bad);
        }
    }

    @Test
    void anAgentsLabelsAreSortedWithoutDuplicates() {
        assertEquals(List.of("big-mem", "gpu"), Labels.ofAgent(List.of("gpu", "big-mem", "gpu")));
    }

    @Test
    void anAgentHasAtMost32Labels() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add("l" + i);
        }
        assertEquals("An agent has 33 labels, more than the 32 allowed; keep the ones tasks ask for.",
                assertThrows(IllegalArgumentException.class, () -> Labels.ofAgent(many)).getMessage());
    }
}
