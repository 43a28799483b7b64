package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.TaskSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many light agents, a long queue: the agents first keep what they get (one task per slot) while the queue
 * fills; then they answer everything at once and the scheduler drains the queue as fast as it can decide.
 */
final class SchedulerScale {
    /** @param decisionsPerSecond tasks placed and ended per second while draining
     *  @param heapMb controller heap after a full GC with the queue full
     *  @param controllerCpuMicros the controller's CPU per task while draining, µs (a task costs tens of them)
     *  @param harnessCpuMicros the harness JVM's (the light agents') CPU per task while draining, µs */
    record Run(double decisionsPerSecond, double heapMb, double controllerCpuMicros, double harnessCpuMicros) {
    }

    /** What fills the queue while the agents hold: submits {@code queued} tasks, each call returning once they are queued. */
    interface Filler {
        void fill(int queued);
    }

    private final Grid grid;
    private final LightAgents agents;
    private final int agentCount;
    private final Filler filler;

    /** The plain scenario: one user (the bench's), one queue, every task alike. */
    SchedulerScale(Grid grid, LightAgents agents, int agentCount) {
        this(grid, agents, agentCount, null);
    }

    SchedulerScale(Grid grid, LightAgents agents, int agentCount, Filler filler) {
        this.grid = grid;
        this.agents = agents;
        this.agentCount = agentCount;
        this.filler = filler != null ? filler : this::fillPlain;
    }

    private void fillPlain(int queued) {
        ClientSession s = grid.session(null);
        for (int done = 0; done < queued; done += 5_000) {
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = done; i < Math.min(queued, done + 5_000); i++) {
                specs.add(EndToEnd.spec("q" + i));
            }
            Submission.call(() -> s.submitAll(specs));
        }
    }

    Run run(int queued) {
        agents.hold();
        long before = agents.finished();
        filler.fill(queued);
        Waits.until(Duration.ofSeconds(120), "every light agent to hold a task", () -> agents.heldCount() >= Math.min(agentCount, queued));
        double heap = Jcmd.heapAfterGcMegabytes(grid.controllerPid());
        CpuTime controllerBefore = grid.controllerCpu();
        CpuTime harnessBefore = CpuTime.self();
        long t0 = System.nanoTime();
        agents.release();
        Waits.until(Duration.ofMinutes(20), queued + " tasks to be placed and ended", () -> agents.finished() - before >= queued);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double controllerMs = grid.controllerCpu().minus(controllerBefore).ownMs();
        double harnessMs = CpuTime.self().minus(harnessBefore).ownMs();
        grid.awaitIdle(Duration.ofMinutes(2));
        return new Run(queued / seconds, heap, controllerMs * 1000 / queued, harnessMs * 1000 / queued);
    }
}
