package io.taskgrid.agent.execution;

import io.taskgrid.api.task.ResourceUsage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBreachTest {
    private static final long M = 1024 * 1024;
    private static final long G = 1024 * M;

    @Test
    void aTreeOverItsRequestIsABreachWithTheSentenceNamingTheFix() {
        MemoryBreach b = MemoryBreach.ofSample(2 * G, (long) (2.3 * G), (long) (2.3 * G)).orElseThrow();
        assertEquals("Stopped: its processes used 2.3G of memory, more than the 2G it asked for; submit it again with a"
                + " larger --memory (its peak was 2.3G).", b.message());
    }

    @Test
    void atOrUnderTheRequestOrWithoutOneIsNoBreach() {
        assertEquals(Optional.empty(), MemoryBreach.ofSample(2 * G, 2 * G, 2 * G));
        assertEquals(Optional.empty(), MemoryBreach.ofSample(2 * G, G, 3 * G), "a past peak alone is no breach: only a sample");
        assertEquals(Optional.empty(), MemoryBreach.ofSample(0, 50 * G, 50 * G), "no request, no limit");
    }

    @Test
    void theKernelsKillIsTheSameClearSentenceNotASignal() {
        MemoryBreach b = MemoryBreach.byKernel(64 * M, 10 * M);
        assertEquals(64 * M, b.peakBytes(), "it reached its limit");
        assertEquals("Stopped: its processes needed more memory than the 64M it asked for, and the kernel stopped them"
                + " at that limit; submit it again with a larger --memory (its peak was 64M).", b.message());
    }

    @Test
    void aTaskKeepsItsPeakAcrossSamplesAndIsJudgedOnTheSampleNow() {
        TaskMemory memory = new TaskMemory(100 * M, MemoryCgroups.none());
        assertEquals(80 * M, memory.observe(new ResourceUsage(1, 80 * M, 0)).peakMemoryBytes());
        ResourceUsage later = memory.observe(new ResourceUsage(2, 30 * M, 0));
        assertEquals(30 * M, later.memoryBytes());
        assertEquals(80 * M, later.peakMemoryBytes());
        assertEquals(Optional.empty(), memory.check(30 * M));
        memory.observe(new ResourceUsage(3, 120 * M, 0));
        MemoryBreach b = memory.check(120 * M).orElseThrow();
        assertEquals(120 * M, b.usedBytes());
        assertEquals(b, memory.check(10 * M).orElseThrow(), "the first breach is kept");
        assertEquals(b, memory.verdict(137).orElseThrow());
        assertEquals(120 * M, memory.withPeak(ResourceUsage.NONE).peakMemoryBytes());
    }

    @Test
    void aTaskWithoutARequestIsNeverStoppedButHasAPeak() {
        TaskMemory memory = new TaskMemory(0, MemoryCgroups.none());
        memory.observe(new ResourceUsage(1, 900 * G, 0));
        assertEquals(Optional.empty(), memory.check(900 * G));
        assertEquals(Optional.empty(), memory.verdict(137));
        assertEquals(900 * G, memory.withPeak(ResourceUsage.NONE).peakMemoryBytes());
        assertEquals(null, memory.openCgroup("1-1"), "no cgroup for a task without a request");
    }

    @Test
    void theAgentsOwnV1MemoryCgroupIsFoundInProcSelfCgroup(@TempDir Path dir) throws Exception {
        Path mount = dir.resolve("memory");
        Path own = mount.resolve("process_api/abc");
        Files.createDirectories(own);
        Files.writeString(own.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Path self = dir.resolve("cgroup");
        Files.writeString(self, "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu,cpuacct:/\n0::/\n");
        assertEquals(Optional.of(own), MemoryCgroups.ownV1MemoryCgroup(self, mount));
        Files.writeString(self, "0::/user.slice\n"); // cgroup v2 alone
        assertEquals(Optional.empty(), MemoryCgroups.ownV1MemoryCgroup(self, mount));
    }

    @Test
    void theKernelsOomKillCountIsReadFromOomControl() {
        assertEquals(3, TaskCgroup.field("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "oom_kill"));
        assertEquals(0, TaskCgroup.field("oom_kill_disable 0\nunder_oom 0\n", "oom_kill"));
        assertTrue(MemoryBreach.byKernel(M, 0).byKernel());
    }
}
