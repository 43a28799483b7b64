package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAsTest {
    @Test
    void onlyRootOrAProcessWithSetuidAndSetgidMaySwitch() {
        assertTrue(RunAs.maySwitchUser(List.of("Uid:\t1000\t0\t1000\t1000", "CapEff:\t0000000000000000")));
        assertFalse(RunAs.maySwitchUser(List.of("Uid:\t1000\t1000\t1000\t1000", "CapEff:\t0000000000000000")));
        assertFalse(RunAs.maySwitchUser(List.of("Uid:\t1000\t1000\t1000\t1000", "CapEff:\t0000000000000080")));
        assertTrue(RunAs.maySwitchUser(List.of("Uid:\t1000\t1000\t1000\t1000", "CapEff:\t00000000000000c0")));
    }

    @Test
    void theProgramIsStartedThroughSetprivWithTheAccountsIdsAndGroups() {
        RunAs as = new RunAs("worker", 1234, 99, Path.of("/home/worker"), Path.of("/usr/bin/setpriv"));
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=1234", "--regid=99", "--init-groups", "--pdeathsig", "KILL", "--",
                "./p.sh", "a"), as.wrap(List.of("./p.sh", "a"), java.util.Map.of()));
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=1234", "--regid=99", "--init-groups", "--pdeathsig", "KILL", "--",
                "/usr/bin/env", "LD_PRELOAD=/x.so", "./p.sh"), as.wrap(List.of("./p.sh"), java.util.Map.of("LD_PRELOAD", "/x.so")),
                "the submitter's variables are set after the switch, by env");
    }
}
