package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The "Timeline" tab: which task ran on which agent, when — a {@link TimelineChart} under a header with the span
 * shown (also the mouse wheel). Drawn again at most every {@link #GAP} after a change and every second otherwise, only
 * while the tab shows; hovering a bar tells its task, a double-click opens the task's detail.
 */
final class TimelineView {
    static final Duration GAP = Duration.ofMillis(200);
    static final List<Duration> SPANS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1));
    private final TimelineModel model;
    private final PoolViewModel pool;
    private final Formats formats;
    private final Consumer<TaskRecord> open;
    private final RedrawThrottle throttle;
    private final TimelineChart chart;
    private final Tooltip tooltip = new Tooltip();
    private TimelineModel.Bar hovered;

    TimelineView(TimelineModel model, PoolViewModel pool, Formats formats, Consumer<TaskRecord> open) {
        this.model = model;
        this.pool = pool;
        this.formats = formats;
        this.open = open;
        this.throttle = new RedrawThrottle(model.clock(), GAP, Duration.ofSeconds(1));
        this.chart = new TimelineChart(model, () -> pool.agents().stream().map(AgentInfo::id).toList(), this::slots,
                this::label);
    }

    TimelineChart chart() {
        return chart;
    }

    /** @param showing while false (another tab is chosen) nothing is drawn */
    VBox build(ObservableBooleanValue showing) {
        chart.setId("timeline");
        Label title = new Label("Timeline");
        title.getStyleClass().add("section-title");
        Label hint = new Label("Which task ran on which agent, when. Hover a bar for its task; double-click it for the details.");
        hint.getStyleClass().add("dim");
        hint.setMinWidth(0);
        ChoiceBox<Duration> span = new ChoiceBox<>();
        span.setId("timeline-span");
        span.getItems().setAll(SPANS);
        span.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration d) {
                return d == null ? "" : "Last " + Formats.span(d);
            }

            @Override
            public Duration fromString(String s) {
                return null;
            }
        });
        span.setValue(model.span());
        span.setTooltip(new Tooltip("The time shown; the mouse wheel over the timeline zooms too."));
        span.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.span(now);
                throttle.invalidate();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, hint, spacer, legend(TaskState.SUCCEEDED, "succeeded"),
                legend(TaskState.FAILED, "failed"), legend(TaskState.RUNNING, "running"),
                legend(TaskState.CANCELLED, "cancelled or cut short"), span);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getChildren().forEach(n -> {
            if (n != hint && n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE); // the hint gives way first
            }
        });
        VBox box = new VBox(4, header, chart);
        box.setPadding(new Insets(6));
        VBox.setVgrow(chart, Priority.ALWAYS);

        chart.addEventHandler(ScrollEvent.SCROLL, e -> {
            int at = SPANS.indexOf(span.getValue());
            int next = e.getDeltaY() > 0 ? Math.max(0, at - 1) : Math.min(SPANS.size() - 1, at + 1);
            span.setValue(SPANS.get(next));
            e.consume();
        });
        chart.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        chart.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hide());
        chart.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            TimelineModel.Bar bar = chart.barAt(e.getX(), e.getY());
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && bar != null) {
                hide();
                open.accept(bar.task());
            }
        });
        pool.agents().addListener((javafx.collections.ListChangeListener<AgentInfo>) c -> throttle.invalidate());
        Timeline pulse = new Timeline(new KeyFrame(javafx.util.Duration.millis(GAP.toMillis()), e -> {
            if (showing.get() && throttle.due(model.version())) {
                redraw();
            }
        }));
        pulse.setCycleCount(Timeline.INDEFINITE);
        pulse.play();
        box.sceneProperty().addListener((o, was, now) -> {
            if (now == null) {
                pulse.stop();
            }
        });
        return box;
    }

    /** Drops what fell out of the span and draws; the pulse calls it, tests may too. */
    void redraw() {
        model.evict();
        chart.draw();
    }

    private static Label legend(TaskState state, String words) {
        Label l = new Label(state.mark() + " " + words);
        l.getStyleClass().addAll("timeline-legend", Formats.stateClass(state));
        return l;
    }

    private void hover(MouseEvent e) {
        TimelineModel.Bar bar = chart.barAt(e.getX(), e.getY());
        if (bar == null) {
            hide();
            return;
        }
        if (!bar.equals(hovered)) {
            hovered = bar;
            tooltip.setText(describe(bar));
        }
        tooltip.show(chart, e.getScreenX() + 14, e.getScreenY() + 14);
    }

    private void hide() {
        hovered = null;
        tooltip.hide();
    }

    /** "Task 12 · slow.sh", how it ended and where, when it started and how long it ran. */
    String describe(TimelineModel.Bar b) {
        TaskRecord t = b.task();
        String how = b.state() == TaskState.QUEUED ? "cut short (back to the queue, or its end is not known)"
                : b.state().label();
        String ran = Durations.format(Duration.between(b.start(), b.endOr(model.now())));
        return "Task " + t.id() + " · " + t.program() + "\n" + b.state().mark() + " " + how + " on "
                + (t.agentHost() == null ? "" : t.agentHost() + ", ") + "agent " + b.agentId()
                + (b.attempt() > 1 ? " (attempt " + b.attempt() + ")" : "") + "\nstarted " + formats.when(b.start())
                + (b.running() ? ", running for " : ", ran ") + ran;
    }

    private int slots(String agentId) {
        return pool.agents().stream().filter(a -> a.id().equals(agentId)).mapToInt(AgentInfo::slots).findFirst().orElse(0);
    }

    /** "host · 1a2b3c4d" (a UID's first characters, as the console shows them), "(lost)" or "(gone)" when it is. */
    private String label(String agentId) {
        String shortId = agentId.length() > 12 ? agentId.substring(0, 8) : agentId; // a UID's first characters
        AgentInfo agent = pool.agents().stream().filter(a -> a.id().equals(agentId)).findFirst().orElse(null);
        if (agent == null) {
            return shortId + " (gone)";
        }
        return agent.host() + " · " + shortId + (pool.lostSince(agentId) != null ? " (lost)" : "");
    }
}
