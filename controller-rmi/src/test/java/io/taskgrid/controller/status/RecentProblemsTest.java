package io.taskgrid.controller.status;

import io.taskgrid.api.client.GridProblem;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentProblemsTest {
    private final RecentProblems problems = new RecentProblems(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), 3);

    @Test
    void keepsTheNewestFewAndCountsThemAll() {
        for (int i = 1; i <= 5; i++) {
            problems.note(GridProblem.Kind.REFUSED_LOGIN, "refusal " + i);
        }
        problems.note(GridProblem.Kind.AGENT_LOST, "lost");

        assertEquals(List.of("lost", "refusal 5", "refusal 4"), problems.newestFirst().stream().map(GridProblem::message).toList());
        assertEquals(5, problems.count(GridProblem.Kind.REFUSED_LOGIN), "counted past what the ring holds");
        assertEquals(1, problems.count(GridProblem.Kind.AGENT_LOST));
        assertEquals(0, problems.count(GridProblem.Kind.MAIL_NOT_SENT));
    }
}
