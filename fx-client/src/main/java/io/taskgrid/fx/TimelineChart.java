package io.taskgrid.fx;

import io.taskgrid.api.task.TaskState;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The timeline drawn on one {@link Canvas}: a lane per agent (a row per slot), a bar per run coloured by how it
 * ended, the time axis at the bottom. Only what falls in the span shown is drawn. Colours come from the stylesheet
 * ({@code -tg-succeeded-color} …), so both themes apply.
 */
final class TimelineChart extends Region {
    static final double GUTTER = 170;
    private static final double AXIS = 22;
    private static final double LANE_GAP = 5;
    private static final double MAX_ROW = 16;
    private static final double MIN_ROW = 4;
    private static final StyleablePropertyFactory<TimelineChart> CSS =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private final StyleableProperty<Color> succeeded = color("succeeded", Color.SEAGREEN);
    private final StyleableProperty<Color> failed = color("failed", Color.FIREBRICK);
    private final StyleableProperty<Color> running = color("running", Color.STEELBLUE);
    private final StyleableProperty<Color> other = color("other", Color.GRAY);
    private final StyleableProperty<Color> text = color("text", Color.BLACK);
    private final StyleableProperty<Color> grid = color("grid", Color.LIGHTGRAY);
    private final StyleableProperty<Color> lane = color("lane", Color.WHITESMOKE);
    private final Canvas canvas = new Canvas();
    private final TimelineModel model;
    /** The lanes to show besides those with bars (the pool's agents), and how many slots each has. */
    private final Supplier<List<String>> listed;
    private final Function<String, Integer> slotsOf;
    private final Function<String, String> labelOf;
    private final ZoneId zone;
    /** Where each lane was drawn last, for finding the bar under the pointer. */
    private final List<Lane> drawn = new ArrayList<>();
    private int barsDrawn;
    private int lanesHidden;

    /** A lane as drawn: its agent, its top, the height of one slot's row, its rows. */
    record Lane(String agentId, double y, double rowHeight, int rows) {
    }

    TimelineChart(TimelineModel model, Supplier<List<String>> listed, Function<String, Integer> slotsOf,
                  Function<String, String> labelOf) {
        this.model = model;
        this.listed = listed;
        this.slotsOf = slotsOf;
        this.labelOf = labelOf;
        this.zone = model.clock().getZone();
        getStyleClass().add("timeline-chart");
        getChildren().add(canvas);
        setMinSize(200, 80);
        setPrefSize(800, 220);
    }

    private StyleableProperty<Color> color(String name, Color initial) {
        StyleableProperty<Color> p = CSS.createStyleableColorProperty(this, name + "Color", "-tg-" + name + "-color", c -> switch (name) {
            case "succeeded" -> c.succeeded;
            case "failed" -> c.failed;
            case "running" -> c.running;
            case "other" -> c.other;
            case "text" -> c.text;
            case "grid" -> c.grid;
            default -> c.lane;
        }, initial);
        ((javafx.beans.value.ObservableValue<?>) p).addListener(o -> draw()); // another theme
        return p;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    /** Bars drawn the last time (tests, the summary). */
    int barsDrawn() {
        return barsDrawn;
    }

    List<Lane> lanes() {
        return List.copyOf(drawn);
    }

    /** The x of a moment in the span shown, ending now. */
    double xOf(Instant at) {
        double w = canvas.getWidth() - GUTTER - 4;
        Instant from = model.now().minus(model.span());
        return GUTTER + w * Duration.between(from, at).toMillis() / model.span().toMillis();
    }

    Instant timeAt(double x) {
        double w = canvas.getWidth() - GUTTER - 4;
        return model.now().minus(model.span()).plusMillis(Math.round((x - GUTTER) / w * model.span().toMillis()));
    }

    /** The bar under a point of the chart, or null. */
    TimelineModel.Bar barAt(double x, double y) {
        if (x < GUTTER) {
            return null;
        }
        for (Lane l : drawn) {
            if (y >= l.y() && y < l.y() + l.rows() * l.rowHeight()) {
                int slot = (int) ((y - l.y()) / l.rowHeight());
                long slack = Math.round(3 * model.span().toMillis() / Math.max(1, canvas.getWidth() - GUTTER));
                return model.barAt(l.agentId(), slot, timeAt(x), Duration.ofMillis(slack));
            }
        }
        return null;
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        drawn.clear();
        barsDrawn = 0;
        if (w <= GUTTER + 20 || h <= AXIS + 10) {
            return;
        }
        Instant now = model.now();
        Instant from = now.minus(model.span());
        List<String> agents = model.agents(listed.get());
        int[] rows = agents.stream().mapToInt(a -> Math.max(1, Math.max(slotsOf.apply(a), model.slotsUsed(a)))).toArray();
        int totalRows = java.util.Arrays.stream(rows).sum();
        double room = h - AXIS - LANE_GAP * (agents.size() + 1);
        double rowHeight = Math.max(MIN_ROW, Math.min(MAX_ROW, Math.floor(room / Math.max(1, totalRows))));
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        axis(g, from, now, w, h);
        double y = LANE_GAP;
        lanesHidden = 0;
        for (int i = 0; i < agents.size(); i++) {
            double laneHeight = rows[i] * rowHeight;
            if (y + laneHeight > h - AXIS) {
                lanesHidden = agents.size() - i;
                break;
            }
            Lane l = new Lane(agents.get(i), y, rowHeight, rows[i]);
            drawn.add(l);
            g.setFill(lane.getValue());
            g.fillRect(GUTTER, y, w - GUTTER - 4, laneHeight);
            g.setFill(text.getValue());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(labelOf.apply(l.agentId()), 6, y + Math.min(laneHeight, 2 * MAX_ROW) / 2, GUTTER - 12);
            bars(g, l, from, now);
            y += laneHeight + LANE_GAP;
        }
        if (lanesHidden > 0) {
            g.setFill(other.getValue());
            g.fillText(lanesHidden + " more agents; make the window taller to see them.", 6, h - AXIS - 8);
        }
        if (agents.isEmpty()) {
            g.setFill(other.getValue());
            g.fillText("No task ran in the last " + Formats.span(model.span()) + ".", GUTTER + 8, (h - AXIS) / 2);
        }
    }

    private void bars(GraphicsContext g, Lane l, Instant from, Instant now) {
        boolean frozen = model.frozenAt() != null;
        for (TimelineModel.Bar b : model.bars(l.agentId(), from, now)) {
            if (b.slot() >= l.rows()) {
                continue;
            }
            double x0 = Math.max(GUTTER, xOf(b.start()));
            double x1 = Math.max(x0 + 2, xOf(b.endOr(now)));
            Color c = colour(b.state());
            g.setGlobalAlpha(frozen && b.running() ? 0.45 : 1);
            g.setFill(c);
            double top = l.y() + b.slot() * l.rowHeight() + (l.rowHeight() > 6 ? 1 : 0);
            double width = x1 - x0 > 4 ? x1 - x0 - 1 : x1 - x0; // a run and the next on its row stay apart
            g.fillRect(x0, top, width, l.rowHeight() - (l.rowHeight() > 6 ? 2 : 0));
            barsDrawn++;
        }
        g.setGlobalAlpha(1);
    }

    private Color colour(TaskState s) {
        return switch (s) {
            case SUCCEEDED -> succeeded.getValue();
            case FAILED -> failed.getValue();
            case RUNNING -> running.getValue();
            default -> other.getValue();
        };
    }

    /** Grid lines at round times and their labels along the bottom. */
    private void axis(GraphicsContext g, Instant from, Instant now, double w, double h) {
        long step = tick(model.span()).toMillis();
        DateTimeFormatter f = DateTimeFormatter.ofPattern(step < 60_000 ? "HH:mm:ss" : "HH:mm").withZone(zone);
        long offset = zone.getRules().getOffset(now).getTotalSeconds() * 1000L;
        long first = Math.floorDiv(from.toEpochMilli() + offset, step) * step + step - offset;
        g.setStroke(grid.getValue());
        g.setLineWidth(1);
        g.strokeLine(GUTTER, h - AXIS + 0.5, w - 4, h - AXIS + 0.5);
        g.setTextAlign(TextAlignment.CENTER);
        for (long t = first; t <= now.toEpochMilli(); t += step) {
            double x = Math.floor(xOf(Instant.ofEpochMilli(t))) + 0.5;
            g.setStroke(grid.getValue());
            g.strokeLine(x, 0, x, h - AXIS + 4);
            if (x < w - 60) { // leaves room for "now"
                g.setFill(text.getValue());
                g.fillText(f.format(Instant.ofEpochMilli(t)), x, h - AXIS / 2);
            }
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setFill(other.getValue());
        g.fillText(model.frozenAt() != null ? "controller away" : "now", w - 6, h - AXIS / 2 - 0.5);
    }

    static Duration tick(Duration span) {
        long minutes = span.toMinutes();
        if (minutes <= 1) {
            return Duration.ofSeconds(10);
        } else if (minutes <= 5) {
            return Duration.ofMinutes(1);
        } else if (minutes <= 10) {
            return Duration.ofMinutes(2);
        } else if (minutes <= 30) {
            return Duration.ofMinutes(5);
        }
        return Duration.ofMinutes(10);
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
