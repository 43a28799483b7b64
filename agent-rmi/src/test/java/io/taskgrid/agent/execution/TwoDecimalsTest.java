package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TwoDecimalsTest {
    @Test
    void printsLikePercentPointTwoF() {
        for (double v : new double[]{0, 0.004, 0.005, 0.01, 0.1, 1.5, 2.346, 12.999, 123456.78, -0.25, -1.5}) {
            assertEquals(String.format(Locale.ROOT, "%.2f", v), TaskExecution.twoDecimals(v), "for " + v);
        }
    }
}
