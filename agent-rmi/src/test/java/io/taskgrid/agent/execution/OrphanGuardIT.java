package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guard kills the groups still listed when its pipe closes, which the kernel does when the agent dies
 * (launcher's ReliabilityIT kills a real agent with SIGKILL); here the pipe is closed by hand.
 */
class OrphanGuardIT {
    @TempDir
    Path folder;

    private final NativeSpawn spawn = NativeSpawn.load().orElseThrow();

    private SpawnedProgram startTree(String marker) throws Exception {
        return startTree(marker, java.util.Map.of());
    }

    private SpawnedProgram startTree(String marker, java.util.Map<String, String> variables) throws Exception {
        List<String> environment = new java.util.ArrayList<>(List.of("PATH=/usr/bin:/bin"));
        variables.forEach((name, value) -> environment.add(name + "=" + value));
        // A leader and a background child in the leader's group, both findable by the marker.
        return new SpawnedProgram(spawn, spawn.start(List.of("/bin/sh", "-c",
                "/bin/sh -c 'sleep 300; true' " + marker + "-child >/dev/null 2>&1 & exec /bin/sh -c 'sleep 300; true' "
                        + marker + "-leader"),
                folder, new NativeSpawn.Environment(environment.toArray(String[]::new)), false, true));
    }

    @Test
    void whenItsPipeClosesEveryListedGroupIsKilledAndEndedGroupsAreLeftAlone() throws Exception {
        String marker = "taskgrid-guard-" + UUID.randomUUID();
        OrphanGuard guard = OrphanGuard.start(spawn, Path.of("/"), new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin"}));
        SpawnedProgram listed = startTree(marker + "-a");
        SpawnedProgram forgotten = startTree(marker + "-b");
        try {
            assertTrue(guard.guarding());
            assertTrue(guard.started(listed.pid()));
            assertTrue(guard.started(forgotten.pid()));
            guard.ended(forgotten.pid()); // as if the agent had stopped it itself
            awaitProcess(marker + "-a-child");
            awaitProcess(marker + "-b-child");

            guard.close();
            assertFalse(guard.guarding());
            assertTrue(listed.waitFor(10_000), "the listed leader was killed");
            awaitNoProcess(marker + "-a-child");
            assertTrue(processWith(marker + "-b-leader").isPresent(), "a group the agent said had ended is not signalled");
            assertTrue(processWith(marker + "-b-child").isPresent());
        } finally {
            ProcessTree tree = new ProcessTree(GroupSignals.load(), Optional.empty(), Optional.of(spawn), java.util.Map.of("PATH", System.getenv("PATH")), Optional.empty());
            tree.killAll(forgotten);
            tree.killAll(listed);
            forgotten.close();
            listed.close();
            guard.close();
        }
        awaitNoProcess(marker);
    }

    /**
     * The agent's JVM stands still (SIGSTOP, a long pause) or cannot reach the controller: no renewal comes, the pipe
     * stays open, and the guard kills the listed groups itself once the lease it was last given ran out; renewals
     * before that keep them running.
     */
    @Test
    void whenTheLeaseRunsOutWithoutRenewalTheListedGroupsAreKilledThoughThePipeStaysOpen() throws Exception {
        String marker = "taskgrid-guard-" + UUID.randomUUID();
        OrphanGuard guard = OrphanGuard.start(spawn, Path.of("/"), new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin"}));
        SpawnedProgram listed = startTree(marker + "-a");
        SpawnedProgram later = null;
        try {
            assertTrue(guard.started(listed.pid()));
            awaitProcess(marker + "-a-child");
            long start = System.nanoTime();
            guard.renew(1_500);
            Thread.sleep(1_000);
            guard.renew(1_500); // renewed in time: now good until 2.5 s
            Thread.sleep(1_200);
            assertTrue(processWith(marker + "-a-leader").isPresent(), "killed at 2.2 s although renewed until 2.5 s");
            assertTrue(listed.waitFor(5_000), "the guard killed the listed leader once the lease ran out");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 4_000, "killed " + tookMillis + " ms after the start, lease ended at 2.5 s");
            awaitNoProcess(marker + "-a-child");
            assertTrue(guard.guarding(), "the pipe stayed open: the agent lives on");

            // It guards on: a group listed after a renewal dies with the agent as before.
            later = startTree(marker + "-b");
            guard.renew(60_000);
            assertTrue(guard.started(later.pid()));
            awaitProcess(marker + "-b-child");
            guard.close();
            assertTrue(later.waitFor(10_000), "a group listed after the lapse is killed when the pipe closes");
            awaitNoProcess(marker + "-b-child");
        } finally {
            ProcessTree tree = new ProcessTree(GroupSignals.load(), Optional.empty(), Optional.of(spawn), java.util.Map.of("PATH", System.getenv("PATH")), Optional.empty());
            tree.killAll(listed);
            listed.close();
            if (later != null) {
                tree.killAll(later);
                later.close();
            }
            guard.close();
        }
        awaitNoProcess(marker);
    }

    @Test
    void aProgramWithTheGuardsMarkIsKilledEvenIfTheAgentDiedBeforeListingIt() throws Exception {
        String marker = "taskgrid-guard-" + UUID.randomUUID();
        OrphanGuard guard = OrphanGuard.start(spawn, Path.of("/"), new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin"}));
        OrphanGuard other = OrphanGuard.start(spawn, Path.of("/"), new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin"}));
        // Started under the guard's mark, then the agent "dies" before its "+group" line: nothing lists it.
        SpawnedProgram unlisted = startTree(marker + "-a", guard.mark());
        SpawnedProgram othersProgram = startTree(marker + "-b", other.mark());
        try {
            awaitProcess(marker + "-a-child");
            awaitProcess(marker + "-b-child");
            guard.close();
            assertTrue(unlisted.waitFor(10_000), "the unlisted leader was killed");
            awaitNoProcess(marker + "-a");
            assertTrue(processWith(marker + "-b-leader").isPresent(), "another guard's program is left alone");
            assertTrue(processWith(marker + "-b-child").isPresent());
        } finally {
            other.close();
            ProcessTree tree = new ProcessTree(GroupSignals.load(), Optional.empty(), Optional.of(spawn), java.util.Map.of("PATH", System.getenv("PATH")), Optional.empty());
            tree.killAll(othersProgram);
            tree.killAll(unlisted);
            othersProgram.close();
            unlisted.close();
            guard.close();
        }
        awaitNoProcess(marker);
    }

    @Test
    void aGuardThatDiedSaysSoInsteadOfPretending() throws Exception {
        OrphanGuard guard = OrphanGuard.start(spawn, Path.of("/"), new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin"}));
        try {
            ProcessHandle.of(guard.pid()).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The first write after its death may still land in the pipe's buffer; the next fails with EPIPE.
            while (guard.started(999_999) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(guard.guarding(), "the guard noticed its pipe has no reader");
            assertFalse(guard.started(999_998));
        } finally {
            guard.close();
        }
    }

    private static Optional<ProcessHandle> processWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .findFirst();
    }

    private static void awaitProcess(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (processWith(marker).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("no process with " + marker + " started");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitNoProcess(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<ProcessHandle> left;
        while ((left = processWith(marker)).isPresent()) {
            if (System.nanoTime() > deadline) {
                left.get().destroyForcibly();
                fail("a process with " + marker + " survived: " + left.get().info());
            }
            Thread.sleep(20);
        }
    }
}
