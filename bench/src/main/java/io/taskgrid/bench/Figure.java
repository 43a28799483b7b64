package io.taskgrid.bench;

import java.util.List;

/**
 * One measured quantity over several runs.
 *
 * @param scenario    the scenario, as the table shows it
 * @param metric      what was measured
 * @param unit        tasks/s, ms, MB …
 * @param runs        one value per run
 * @param ceiling     the ceiling it is compared with (tasks/s), or {@code null}
 * @param target      the target as text, or empty
 * @param met         whether the median meets the target, or {@code null} when there is none
 */
record Figure(String scenario, String metric, String unit, List<Double> runs, Double ceiling, String target, Boolean met) {
    Figure {
        runs = List.copyOf(runs);
    }

    double median() {
        return Stats.median(runs);
    }

    static Figure of(String scenario, String metric, String unit, List<Double> runs) {
        return new Figure(scenario, metric, unit, runs, null, "", null);
    }

    Figure against(double ceilingValue) {
        return new Figure(scenario, metric, unit, runs, ceilingValue, target, met);
    }

    /** Target reached when the median is at least {@code bound}. */
    Figure atLeast(double bound, String text) {
        return new Figure(scenario, metric, unit, runs, ceiling, text, median() >= bound);
    }

    /** Target reached when the median is at most {@code bound}. */
    Figure atMost(double bound, String text) {
        return new Figure(scenario, metric, unit, runs, ceiling, text, median() <= bound);
    }
}
