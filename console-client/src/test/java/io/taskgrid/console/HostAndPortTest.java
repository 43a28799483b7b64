package io.taskgrid.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostAndPortTest {
    @Test
    void readsHostsWithAndWithoutPorts() {
        assertEquals(new HostAndPort("grid", 1099), HostAndPort.parse("grid"));
        assertEquals(new HostAndPort("grid", 2000), HostAndPort.parse(" grid:2000 "));
        assertEquals(new HostAndPort("::1", 1099), HostAndPort.parse("::1"));
        assertEquals(new HostAndPort("::1", 3000), HostAndPort.parse("[::1]:3000"));
        assertEquals("[::1]:3000", HostAndPort.parse("[::1]:3000").toString());
    }

    @Test
    void refusesBadPortsWithASentence() {
        for (String bad : new String[] {"grid:0", "grid:65536", "grid:", "grid:x", ":80", "[::1", "[::1]x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse(bad), bad);
            assertTrue(e.getMessage().contains("write it as HOST or HOST:PORT"), e.getMessage());
        }
    }
}
