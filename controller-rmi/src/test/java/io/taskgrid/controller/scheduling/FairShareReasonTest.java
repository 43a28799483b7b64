package io.taskgrid.controller.scheduling;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FairShareReasonTest {

    @Test
    void namesTheOwnersUseAndThoseWhoGoFirst() {
        assertEquals("Fair share: alice has used 40.0 h of CPU recently, bob 1.8 min — bob's tasks of the same priority go first.",
                FairShareReason.sentence("alice", 40 * 3600, List.of(new FairShareReason.Ahead("bob", 108))));
        assertEquals("Fair share: alice has used 2.5 h of CPU recently, bob 0 s and carol 1.2 h — their tasks of the same"
                        + " priority go first.",
                FairShareReason.sentence("alice", 9000, List.of(new FairShareReason.Ahead("bob", 0),
                        new FairShareReason.Ahead("carol", 4320))));
    }

    @Test
    void namesThreeAndCountsTheRest() {
        List<FairShareReason.Ahead> five = List.of(new FairShareReason.Ahead("a", 0), new FairShareReason.Ahead("b", 1),
                new FairShareReason.Ahead("c", 2), new FairShareReason.Ahead("d", 3), new FairShareReason.Ahead("e", 4));
        assertEquals("Fair share: z has used 1.0 h of CPU recently, a 0 s, b 1.0 s, c 2.0 s and 2 others — their tasks of"
                + " the same priority go first.", FairShareReason.sentence("z", 3600, five));
    }
}
