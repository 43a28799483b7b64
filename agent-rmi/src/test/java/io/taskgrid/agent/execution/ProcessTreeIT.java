package io.taskgrid.agent.execution;

import io.taskgrid.api.task.ResourceUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a real process tree used, read from /proc. */
class ProcessTreeIT {

    @Test
    void countsTheCpuOfChildrenThatAlreadyEnded() throws Exception {
        // A child burns CPU and exits; its parent, waiting for it, takes its time, then sleeps.
        Process p = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'; echo done; exec sleep 30")
                .redirectErrorStream(true).start();
        try {
            assertTrue(new String(p.getInputStream().readNBytes(5)).startsWith("done"), "the child ran to its end");
            ResourceUsage usage = ProcessTree.usage(p.toHandle());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (usage.cpuSeconds() < 0.1 && Instant.now().isBefore(deadline)) { // the exec may not have happened yet
                Thread.sleep(20);
                usage = ProcessTree.usage(p.toHandle());
            }
            assertTrue(usage.cpuSeconds() >= 0.1, "the ended child's CPU time counts: " + usage);
        } finally {
            p.destroyForcibly();
        }
    }
}
