package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageLedgerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void useCountsHalfAfterEachHalfLife() {
        UsageLedger ledger = new UsageLedger(DAY, T0);
        ledger.add("alice", 3600, T0);
        assertEquals(3600, ledger.recent("alice", T0), 1e-6);
        assertEquals(1800, ledger.recent("alice", T0.plus(DAY)), 1e-6);
        assertEquals(900, ledger.recent("alice", T0.plus(DAY.multipliedBy(2))), 1e-6);
        assertEquals(0, ledger.recent("bob", T0.plus(DAY)), "no use, nothing");
    }

    @Test
    void recentUseWeighsMoreThanTheSameUseLongAgo() {
        UsageLedger ledger = new UsageLedger(DAY, T0);
        ledger.add("alice", 1000, T0);                 // a thousand CPU-seconds three days ago
        ledger.add("bob", 200, T0.plus(Duration.ofDays(3))); // two hundred just now
        Instant now = T0.plus(Duration.ofDays(3));
        assertEquals(125, ledger.recent("alice", now), 1e-6);
        assertTrue(ledger.rank("alice") < ledger.rank("bob"), "alice's old use weighs less than bob's fresh use: she goes first");
    }

    @Test
    void theOrderOfUsersSurvivesYearsOfUseAndRescaling() {
        Duration minute = Duration.ofMinutes(1);
        UsageLedger ledger = new UsageLedger(minute, T0);
        Instant at = T0;
        for (int i = 0; i < 2_000; i++) { // 2000 half-lives: the scale passes 2^400 several times
            at = at.plus(minute);
            ledger.add("alice", 2, at);
            ledger.add("bob", 1, at);
        }
        double alice = ledger.recent("alice", at);
        double bob = ledger.recent("bob", at);
        assertTrue(Double.isFinite(alice) && Double.isFinite(bob), "no overflow: " + alice + ", " + bob);
        assertEquals(4, alice, 1e-6, "2 per half-life, summed over a long time: 2 * (1 + 1/2 + 1/4 + …) = 4");
        assertEquals(2, bob, 1e-6);
        assertTrue(ledger.rank("bob") < ledger.rank("alice"));
    }

    @Test
    void aRunningTaskCountsOneCpuForAsLongAsItRunsOnceAndFromItsStartOnANewRun() {
        UsageLedger ledger = new UsageLedger(DAY, T0);
        Job j = new Job(TaskRecord.builder().id(1).project("p").program("x").state(TaskState.RUNNING).clientUser("carol")
                .startedAt(T0).attempt(1).build(), ProgramSource.shared("x"), Map.of());
        ledger.accrue(j, T0.plusSeconds(10));
        ledger.accrue(j, T0.plusSeconds(25));
        ledger.accrue(j, T0.plusSeconds(25)); // a second report at the same moment
        ledger.accrue(j, T0.plusSeconds(20)); // a late one
        assertEquals(25, ledger.recent("carol", T0.plusSeconds(25)), 1e-2);
        j.record = j.record.toBuilder().startedAt(T0.plusSeconds(100)).build();
        j.countedUntil = null; // a new run
        ledger.accrue(j, T0.plusSeconds(105));
        assertEquals(30, ledger.recent("carol", T0.plusSeconds(105)), 0.05, "25 s (a little less after 80 s of decay) and 5 more");
    }

    @Test
    void badInputCountsNothing() {
        UsageLedger ledger = new UsageLedger(DAY, T0);
        ledger.add("dave", -5, T0);
        ledger.add("dave", Double.NaN, T0);
        ledger.add("dave", Double.POSITIVE_INFINITY, T0);
        ledger.add(null, 5, T0);
        assertEquals(Map.of(), ledger.all(T0));
    }

    @Test
    void aHalfLifeUnderAMinuteIsRefusedInWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FairShare(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("at least a minute"), e.getMessage());
    }
}
