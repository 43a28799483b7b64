package io.taskgrid.fx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerAddressTest {
    @Test
    void readsHostPortIpv6AndTheDefaultPort() {
        assertEquals(new ControllerAddress("grid", 1099), ControllerAddress.parse("grid"));
        assertEquals(new ControllerAddress("grid", 2000), ControllerAddress.parse(" grid:2000 "));
        assertEquals(new ControllerAddress("::1", 2000), ControllerAddress.parse("[::1]:2000"));
        assertEquals("[::1]:2000", new ControllerAddress("::1", 2000).toString());
    }

    @Test
    void refusesBadAddressesWithTheFormat() {
        for (String bad : new String[]{"", "grid:", "grid:x", "grid:70000", ":80", "a b:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControllerAddress.parse(bad));
            assertTrue(e.getMessage().contains("HOST:PORT"), e.getMessage());
        }
    }
}
