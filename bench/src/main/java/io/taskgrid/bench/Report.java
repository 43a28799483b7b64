package io.taskgrid.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes docs/benchmarks.md (with the raw figures in docs/benchmarks.tsv) and docs/benchmarks.png. */
final class Report {
    /** A line of the chart: tasks/s (median of the runs) for each number of tasks. */
    record Series(String name, Map<Integer, List<Double>> byTasks) {
    }

    private Report() {
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String table(List<Figure> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | measure | median | min–max | runs | of the ceiling | target | met |\n");
        sb.append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (Figure f : figures) {
            sb.append("| ").append(f.scenario()).append(" | ").append(f.metric()).append(" | **")
                    .append(number(f.median())).append("** ").append(f.unit()).append(" | ")
                    .append(number(Stats.min(f.runs()))).append("–").append(number(Stats.max(f.runs()))).append(" | ")
                    .append(f.runs().size()).append(" | ")
                    .append(f.ceiling() == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * f.median() / f.ceiling())).append(" | ")
                    .append(f.target()).append(" | ")
                    .append(f.met() == null ? "" : f.met() ? "yes" : "**no**").append(" |\n");
        }
        return sb.toString();
    }

    static void tsv(Path file, List<Figure> figures) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("scenario\tmeasure\tunit\truns...");
        for (Figure f : figures) {
            StringBuilder sb = new StringBuilder(f.scenario() + "\t" + f.metric() + "\t" + f.unit());
            for (double v : f.runs()) {
                sb.append('\t').append(String.format(Locale.ROOT, "%.4f", v));
            }
            lines.add(sb.toString());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static void chart(Path png, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("TaskGrid: trivial tasks end to end against the JVM ceiling (median of the runs)")
                .xAxisTitle("tasks in the burst").yAxisTitle("tasks per second").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        for (Series s : series) {
            List<Integer> xs = new ArrayList<>(s.byTasks().keySet());
            xs.sort(Integer::compare);
            List<Double> ys = new ArrayList<>();
            for (int x : xs) {
                ys.add(Stats.median(s.byTasks().get(x)));
            }
            chart.addSeries(s.name(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        String name = png.getFileName().toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(chart, png.resolveSibling(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
