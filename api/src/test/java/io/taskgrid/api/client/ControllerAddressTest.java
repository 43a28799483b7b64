package io.taskgrid.api.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerAddressTest {
    @Test
    void readsHostsWithAndWithoutPorts() {
        assertEquals(new ControllerAddress("grid", 1099), ControllerAddress.parse("grid"));
        assertEquals(new ControllerAddress("grid", 2000), ControllerAddress.parse(" grid:2000 "));
        assertEquals(new ControllerAddress("::1", 1099), ControllerAddress.parse("::1"));
        assertEquals(new ControllerAddress("::1", 3000), ControllerAddress.parse("[::1]:3000"));
        assertEquals("[::1]:3000", ControllerAddress.parse("[::1]:3000").toString());
    }

    @Test
    void refusesBadPortsWithASentence() {
        for (String bad : new String[] {"grid:0", "grid:65536", "grid:", "grid:x", ":80", "[::1", "[::1]x", "a b:1", "grid:70000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControllerAddress.parse(bad), bad);
            assertTrue(e.getMessage().contains("write it as HOST or HOST:PORT"), e.getMessage());
        }
    }
}
