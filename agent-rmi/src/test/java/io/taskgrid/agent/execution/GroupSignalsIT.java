package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** kill(2) through JNA on a real process group. */
class GroupSignalsIT {
    @Test
    void killingAGroupReachesAChildWhoseParentExitedAndAnEmptyGroupSaysSo() throws Exception {
        Optional<Path> setsid = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream().filter(Files::isExecutable).findFirst();
        assumeTrue(setsid.isPresent(), "needs setsid");
        GroupSignals signals = GroupSignals.load().orElseThrow(() -> new AssertionError("JNA should load the C library on Linux"));
        String marker = "taskgrid-signal-" + UUID.randomUUID();
        Process leader = new ProcessBuilder(setsid.get().toString(), "/bin/sh", "-c",
                "sleep 300 " + marker + " >/dev/null 2>&1 & exec sleep 300")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ProcessHandle child = awaitChild(leader);
            assertTrue(signals.killGroup(leader.pid()), "the group has members");
            assertTrue(leader.waitFor(10, TimeUnit.SECONDS), "the leader died of SIGKILL");
            assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive(), "the child died with its group");
            assertFalse(signals.killGroup(leader.pid()), "nothing is left in the group");
        } finally {
            leader.descendants().forEach(ProcessHandle::destroyForcibly);
            leader.destroyForcibly();
        }
    }

    @Test
    void onlyTaskGroupsAreSignalled() {
        GroupSignals signals = GroupSignals.load().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> signals.killGroup(1));
        assertThrows(IllegalArgumentException.class, () -> signals.killGroup(0));
    }

    private static ProcessHandle awaitChild(Process leader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = leader.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(20);
        }
        fail("the background child never appeared");
        return null;
    }
}
