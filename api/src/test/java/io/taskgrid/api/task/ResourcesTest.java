package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourcesTest {
    @Test
    void sizesAreReadAsPeopleWriteThemInBinaryMultiples() {
        assertEquals(512L << 20, Resources.parseMemory("512M"));
        assertEquals(2L << 30, Resources.parseMemory("2G"));
        assertEquals(2L << 30, Resources.parseMemory("2g"));
        assertEquals(2L << 30, Resources.parseMemory("2GiB"));
        assertEquals(2L << 30, Resources.parseMemory("2 GB"));
        assertEquals(3L << 29, Resources.parseMemory("1.5G"));
        assertEquals(1L << 20, Resources.parseMemory("1048576"));
        assertEquals(1L << 40, Resources.parseMemory("1T"));
    }

    @Test
    void aBadSizeIsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory("lots"));
        assertTrue(e.getMessage().contains("512M"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory("100K"));
        assertTrue(e.getMessage().contains("between 1M and 64T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory("999999999999999T"));
        assertTrue(e.getMessage().contains("more than 64T"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory("-2G"));
        assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory("1.5"));
        assertThrows(IllegalArgumentException.class, () -> Resources.parseMemory(""));
    }

    @Test
    void sizesAreWrittenInTheShortestFormThatReadsBack() {
        for (String text : new String[]{"512M", "2G", "1.5G", "1T", "3M"}) {
            assertEquals(text, Resources.formatMemory(Resources.parseMemory(text)));
        }
    }

    @Test
    void aRequestIsAtLeastOneCpuAndAMemoryOfAtLeastOneMegabyteOrNone() {
        assertSame(Resources.DEFAULT, Resources.of(1, 0));
        assertEquals("4 CPUs, 2G of memory", Resources.of(4, 2L << 30).inWords());
        assertEquals("1 CPU", Resources.DEFAULT.inWords());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resources.of(0, 0));
        assertTrue(e.getMessage().contains("--cpus 1 or more"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resources.of(1, 5));
        assertThrows(IllegalArgumentException.class, () -> Resources.of(Resources.MAX_CPUS + 1, 0));
    }
}
