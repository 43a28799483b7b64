package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * The agents table's "Last 5 minutes" column: a {@link Sparkline} per agent of its CPU load and running tasks, with a
 * tooltip of the figures now and the minute's highest. A heartbeat replaces its agent's row, which redraws that cell
 * only.
 */
final class LoadColumn {
    /** Style class of the column's cells (tests look them up). */
    static final String CELL = "load-cell";
    private final PoolViewModel pool;
    private final Formats formats;

    LoadColumn(PoolViewModel pool, Formats formats) {
        this.pool = pool;
        this.formats = formats;
    }

    TableColumn<AgentInfo, AgentInfo> build() {
        TableColumn<AgentInfo, AgentInfo> column = new TableColumn<>();
        Label header = new Label("Last 5 min");
        header.setTooltip(new Tooltip("Each agent's CPU load (the area) and its running tasks (the line, up to its slots)"
                + " over the last 5 minutes; hover a chart for its figures."));
        column.setGraphic(header);
        column.setId("load-column");
        column.setPrefWidth(130);
        column.setMinWidth(118); // "Last 5 min" whole
        column.setSortable(false);
        column.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        column.setCellFactory(c -> new Cell());
        return column;
    }

    /** What the tooltip says: the figures now and the highest of the last minute, or why they are not known. */
    static String describe(AgentInfo agent, LoadSamples samples, long nowMillis, boolean stale, String lostSince) {
        if (lostSince != null) {
            return "Lost since " + lostSince + "; the chart is its load before.";
        }
        if (stale) {
            return "Not known while the controller is away; the chart is the load before.";
        }
        long minuteAgo = nowMillis - 60_000;
        String cpu = agent.cpuLoad() < 0 ? "CPU load unknown" : "CPU " + percent(agent.cpuLoad()) + " now";
        double maxCpu = samples == null ? -1 : samples.maxCpuSince(minuteAgo);
        if (maxCpu >= 0) {
            cpu += ", at most " + percent(maxCpu) + " in the last minute";
        }
        int maxRunning = samples == null ? agent.running() : Math.max(agent.running(), samples.maxRunningSince(minuteAgo));
        return cpu + ".\n" + agent.running() + " of " + agent.slots() + (agent.slots() == 1 ? " slot" : " slots")
                + " busy now, at most " + maxRunning + " in the last minute.";
    }

    private static String percent(double load) {
        return Math.round(Math.min(1, load) * 100) + " %";
    }

    /** A cell of the column; its sparkline is the one canvas it draws on. */
    final class Cell extends TableCell<AgentInfo, AgentInfo> {
        private final Sparkline chart = new Sparkline();
        private final Tooltip tooltip = new Tooltip();

        Cell() {
            getStyleClass().add(CELL);
            tooltip.setShowDelay(Duration.millis(300));
            setText(null);
        }

        /** The samples shown, for tests. */
        LoadSamples samples() {
            return isEmpty() || getItem() == null ? null : pool.load(getItem().id());
        }

        @Override
        protected void updateItem(AgentInfo item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            LoadSamples samples = pool.load(item.id());
            long now = pool.clock().millis();
            chart.show(samples, item.slots(), now);
            java.time.Instant lost = pool.lostSince(item.id());
            tooltip.setText(describe(item, samples, now, pool.staleProperty().get(),
                    lost == null ? null : formats.when(lost)));
            setTooltip(tooltip);
            setGraphic(chart);
        }
    }
}
