package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequirementsTest {
    @Test
    void requiredAndAvoidedLabelsAreReadFromRepeatedAndCommaSeparatedWords() {
        Requirements r = Requirements.parse(List.of("gpu", "!big-mem, fast-disk", " "));
        assertEquals(List.of("fast-disk", "gpu"), r.required());
        assertEquals(List.of("big-mem"), r.avoided());
        assertEquals("fast-disk, gpu, !big-mem", r.toString());
        assertEquals("with the labels fast-disk and gpu and without the label big-mem", r.describe());
        assertEquals("without the labels a or b", Requirements.parse(List.of("!b", "!a")).describe());
    }

    @Test
    void theSameRequirementsInAnotherOrderOrRepeatedAreEqual() {
        assertEquals(Requirements.parse(List.of("b", "a", "!c")), Requirements.parse(List.of("!c,a", "b", "a")));
        assertSame(Requirements.NONE, Requirements.parse(List.of()));
        assertSame(Requirements.NONE, Requirements.parse(List.of(" , ")));
    }

    @Test
    void anAgentMatchesWithEveryRequiredLabelAndNoAvoidedOne() {
        Requirements r = Requirements.parse(List.of("gpu", "!big-mem"));
        assertTrue(r.matches(Set.of("gpu")));
        assertTrue(r.matches(Set.of("gpu", "fast-disk")));
        assertFalse(r.matches(Set.of("gpu", "big-mem")), "an avoided label");
        assertFalse(r.matches(Set.of("fast-disk")), "a required label missing");
        assertTrue(Requirements.NONE.matches(Set.of()));
        assertTrue(Requirements.parse(List.of("!gpu")).matches(Set.of()));
    }

    @Test
    void aLabelRequiredAndAvoidedIsRefusedWithASentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("gpu", "!gpu")));
        assertEquals("The requirements ask for the label gpu and for its absence (!gpu); keep one of them.", e.getMessage());
    }

    @Test
    void badLabelsAreRefusedNamingTheFix() {
        assertEquals("The label 'GPU' has capital letters; write it in lowercase: gpu.",
                assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("GPU"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("gpu mem"))).getMessage()
                .contains("use lowercase letters, digits, '-', '_' or '.'"));
        assertEquals("A label is empty; give a word such as gpu or big-mem.",
                assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("!"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("!!gpu"))).getMessage()
                .contains("'!gpu' is not allowed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requirements.parse(List.of("x".repeat(41)))).getMessage()
                .contains("has 41 characters; use at most 40."));
    }

    @Test
    void atMost32LabelsAreNamed() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            words.add("l" + i);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requirements.parse(words)).getMessage()
                .contains("name 33 labels, more than the 32 allowed"));
    }
}
