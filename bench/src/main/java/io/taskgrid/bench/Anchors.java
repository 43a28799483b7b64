package io.taskgrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the anchor scripts' raw files ({@code system TAB workload TAB N TAB slots TAB wall_s TAB latency}) and
 * gives tasks/s per (system, workload) over the runs.
 */
final class Anchors {
    record Row(String system, String workload, List<Double> tasksPerSecond) {
    }

    private Anchors() {
    }

    static List<Row> read(Path tsv) {
        Map<String, Row> rows = new LinkedHashMap<>();
        if (!Files.isRegularFile(tsv)) {
            return List.of();
        }
        try {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length < 5) {
                    continue;
                }
                double n = Double.parseDouble(f[2]);
                double wall = Double.parseDouble(f[4]);
                rows.computeIfAbsent(f[0] + "\t" + f[1], k -> new Row(f[0], f[1], new ArrayList<>())).tasksPerSecond().add(n / wall);
            }
        } catch (IOException | NumberFormatException e) {
            throw new BenchException("Cannot read the anchor figures in " + tsv + ": " + e.getMessage(), e);
        }
        return List.copyOf(rows.values());
    }

    /** Median tasks/s of Slurm (tuned), submit to all done, or NaN. */
    static double slurmTuned(List<Row> rows) {
        return rows.stream().filter(r -> r.system().equals("Slurm 22.05 (tuned)") && r.workload().contains("all done"))
                .mapToDouble(r -> Stats.median(r.tasksPerSecond())).findFirst().orElse(Double.NaN);
    }
}
