package io.taskgrid.fx;

import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * A small chart of one agent's load over the last minutes on a {@link Canvas}: its CPU load as a filled area, its
 * running tasks (scaled to its slots) as a step line. Colours come from the stylesheet ({@code -tg-cpu-color},
 * {@code -tg-tasks-color}), so both themes apply. Drawn again only when {@link #show} is called (its agent's sample
 * arrived, its row was reused) or its size changes.
 */
final class Sparkline extends Region {
    /** The time the chart spans, ending now. */
    static final long SPAN_MILLIS = 5 * 60_000L;
    /** Samples further apart than this are not joined: the agent or the controller was silent between them. */
    static final long GAP_MILLIS = 5_000L;
    private static final StyleablePropertyFactory<Sparkline> CSS = new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private final StyleableProperty<Color> cpuColor = CSS.createStyleableColorProperty(this, "cpuColor", "-tg-cpu-color",
            s -> s.cpuColor, Color.STEELBLUE);
    private final StyleableProperty<Color> tasksColor = CSS.createStyleableColorProperty(this, "tasksColor",
            "-tg-tasks-color", s -> s.tasksColor, Color.SEAGREEN);
    private final Canvas canvas = new Canvas();
    private LoadSamples samples;
    private int slots;
    private long now;

    Sparkline() {
        getStyleClass().add("sparkline");
        getChildren().add(canvas);
        setMinSize(40, 16);
        setPrefSize(150, 20);
        ((javafx.beans.property.ObjectProperty<Color>) cpuColor).addListener(o -> draw());
        ((javafx.beans.property.ObjectProperty<Color>) tasksColor).addListener(o -> draw());
    }

    /** Draws these samples (null: none) for an agent of this many slots, up to {@code nowMillis}. */
    void show(LoadSamples samples, int slots, long nowMillis) {
        this.samples = samples;
        this.slots = slots;
        this.now = nowMillis;
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth() - snappedLeftInset() - snappedRightInset());
        double h = snapSizeY(getHeight() - snappedTopInset() - snappedBottomInset());
        canvas.relocate(snappedLeftInset(), snappedTopInset());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(Math.max(0, w));
            canvas.setHeight(Math.max(0, h));
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (samples == null || samples.size() == 0 || w < 2 || h < 2) {
            return;
        }
        long from = now - SPAN_MILLIS;
        Color cpu = cpuColor.getValue();
        g.setFill(cpu.deriveColor(0, 1, 1, 0.35));
        g.setStroke(cpu);
        g.setLineWidth(1);
        int first = 0;
        while (first < samples.size() && samples.timeAt(first) < from) {
            first++;
        }
        // CPU: one filled run per stretch of samples without a gap or an unknown figure.
        int i = first;
        while (i < samples.size()) {
            if (samples.cpuAt(i) < 0) {
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < samples.size() && samples.cpuAt(end + 1) >= 0
                    && samples.timeAt(end + 1) - samples.timeAt(end) <= GAP_MILLIS) {
                end++;
            }
            area(g, i, end, from, w, h);
            i = end + 1;
        }
        // Running tasks: a step line, scaled to the agent's slots (or the most seen, if more).
        int top = Math.max(1, Math.max(slots, samples.maxRunningSince(from)));
        g.setStroke(tasksColor.getValue());
        g.setLineWidth(1.5);
        g.beginPath();
        boolean drawing = false;
        double lastY = 0;
        for (int k = first; k < samples.size(); k++) {
            double x = x(samples.timeAt(k), from, w);
            double y = h - 1 - (h - 2) * samples.runningAt(k) / top;
            if (!drawing || samples.timeAt(k) - samples.timeAt(k - 1) > GAP_MILLIS) {
                g.moveTo(x, y);
                drawing = true;
            } else {
                g.lineTo(x, lastY);
                g.lineTo(x, y);
            }
            lastY = y;
        }
        g.stroke();
    }

    private void area(GraphicsContext g, int from, int to, long start, double w, double h) {
        double x0 = x(samples.timeAt(from), start, w);
        double x1 = Math.max(x0 + 1, x(samples.timeAt(to), start, w));
        g.beginPath();
        g.moveTo(x0, h);
        for (int k = from; k <= to; k++) {
            g.lineTo(k == to ? x1 : x(samples.timeAt(k), start, w), y(samples.cpuAt(k), h));
        }
        g.lineTo(x1, h);
        g.closePath();
        g.fill();
        g.beginPath();
        for (int k = from; k <= to; k++) {
            double x = k == to ? x1 : x(samples.timeAt(k), start, w);
            if (k == from) {
                g.moveTo(x, y(samples.cpuAt(k), h));
            } else {
                g.lineTo(x, y(samples.cpuAt(k), h));
            }
        }
        g.stroke();
    }

    private static double x(long t, long from, double w) {
        return w * (t - from) / SPAN_MILLIS;
    }

    private static double y(double load, double h) {
        return h - (h - 1) * Math.min(1, Math.max(0, load));
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
