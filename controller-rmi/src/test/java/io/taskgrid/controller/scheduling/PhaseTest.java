package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attempt lifecycle: which moves exist, and that any other fails instead of passing unnoticed. */
class PhaseTest {
    @Test
    void nothingLeavesEndedAndNothingButAnAgentsReturnLeavesTheUnheardPhasesForAnAgent() {
        assertEquals(EnumSet.noneOf(Phase.class), Phase.ENDED.next());
        for (Phase p : Phase.values()) {
            assertFalse(p.next().contains(p), p + " moves to itself");
        }
        assertEquals(EnumSet.of(Phase.HELD, Phase.AHEAD, Phase.RUNNING, Phase.WAITING, Phase.ENDED), Phase.QUEUED.next());
        assertEquals(EnumSet.of(Phase.QUEUED, Phase.WAITING, Phase.ENDED), Phase.HELD.next(),
                "a held task is released, cancelled, or (as it comes in) waits for what it depends on; nothing else");
        assertEquals(EnumSet.of(Phase.QUEUED, Phase.HELD, Phase.ENDED), Phase.WAITING.next(),
                "a waiting task goes to its queue (held if someone held it) or ends; never straight to an agent");
        assertFalse(Phase.WAITING.onAgent());
        assertFalse(Phase.WAITING.runs());
        assertEquals(EnumSet.of(Phase.RUNNING, Phase.QUEUED, Phase.ENDED), Phase.RUNNING_UNHEARD.next());
        assertFalse(Phase.QUEUED.next().contains(Phase.RUNNING_UNHEARD), "only a running attempt's agent falls silent");
        assertFalse(Phase.RUNNING.next().contains(Phase.AHEAD), "a running attempt never goes back ahead");
    }

    @Test
    void onlyARunningAttemptFailsIntoARetryWhichGoesBackToTheQueueOrIsCancelled() {
        assertEquals(EnumSet.of(Phase.QUEUED, Phase.ENDED), Phase.RETRY_WAIT.next());
        for (Phase p : Phase.values()) {
            assertEquals(p == Phase.RUNNING, p.canMoveTo(Phase.RETRY_WAIT), p + " to RETRY_WAIT");
        }
        assertFalse(Phase.RETRY_WAIT.onAgent());
        assertFalse(Phase.RETRY_WAIT.runs());
        TaskRecord waiting = TaskRecord.builder().id(1).project("p").program("x").state(TaskState.QUEUED)
                .submittedAt(Instant.EPOCH).attempt(2).retriesUsed(1).retryAt(Instant.EPOCH.plusSeconds(30)).build();
        assertEquals(Phase.RETRY_WAIT, Phase.fromHistory(waiting), "after a restart it still waits for its retry");
    }

    @Test
    void aTaskOnAnAgentComesBackUnheardAfterARestart() {
        TaskRecord queued = TaskRecord.builder().id(1).project("p").program("x").state(TaskState.QUEUED)
                .submittedAt(Instant.EPOCH).attempt(1).build();
        assertEquals(Phase.QUEUED, Phase.fromHistory(queued));
        assertEquals(Phase.AHEAD_UNHEARD, Phase.fromHistory(queued.toBuilder().agentId("a").build()));
        assertEquals(Phase.RUNNING_UNHEARD, Phase.fromHistory(queued.toBuilder().state(TaskState.RUNNING).agentId("a").build()));
    }

    @Test
    void aMoveTheLifecycleDoesNotAllowFailsAndLeavingTheUnheardPhasesForgetsTheDeadline() {
        TaskRecord running = TaskRecord.builder().id(7).project("p").program("x").state(TaskState.RUNNING).agentId("a")
                .submittedAt(Instant.EPOCH).attempt(1).build();
        Job job = new Job(running, ProgramSource.shared("x"), Map.of());
        job.orphanDeadline = Instant.EPOCH;
        job.silentSince = Instant.EPOCH;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.moveTo(Phase.AHEAD));
        assertTrue(e.getMessage().contains("Task 7 cannot go from RUNNING_UNHEARD to AHEAD"), e.getMessage());
        assertTrue(job.holdsOn("a"));
        job.moveTo(Phase.RUNNING);
        assertNull(job.orphanDeadline, "a deadline left behind declared the next attempt lost (issue 19)");
        assertNull(job.silentSince);
        job.moveTo(Phase.ENDED);
        assertFalse(job.holdsOn("a"));
        assertThrows(IllegalStateException.class, () -> job.moveTo(Phase.QUEUED));
    }
}
