package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.taskgrid.fx.Fx.await;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool at a glance on the real window (TestFX on headless Monocle): the agents' sparklines and the timeline. */
class PoolAtAGlanceIT {
    @TempDir
    static Path root;
    private static TestGrid grid;
    private static DesktopClient client;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        grid = new TestGrid(root, 2);
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            client = DesktopClient.open(s, DesktopOptions.of(grid.address()), MemoryPreferences.desktop());
            s.show();
        });
        await("the window connects", () -> client.model().connectedProperty().get());
        assertNotNull(stage);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        FxToolkit.cleanupStages();
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void theAgentsSparklinesGetASampleAtEachHeartbeat() throws Exception {
        await("both agents' load cells have samples from several heartbeats", () -> fx(() -> {
            List<LoadColumn.Cell> cells = robot.lookup("." + LoadColumn.CELL).queryAllAs(LoadColumn.Cell.class).stream()
                    .filter(c -> c.samples() != null).toList();
            return cells.stream().map(c -> c.getItem().id()).distinct().count() == 2
                    && cells.stream().allMatch(c -> c.samples().size() >= 3 && c.getGraphic() instanceof Sparkline);
        }));
        String tip = fx(() -> robot.lookup("." + LoadColumn.CELL).queryAllAs(LoadColumn.Cell.class).stream()
                .filter(c -> c.samples() != null).findFirst().orElseThrow().getTooltip().getText());
        assertTrue(tip.contains("in the last minute") && tip.contains("of 2 slots busy now"), tip);
    }

    @Test
    void eachTaskIsABarOnItsAgentsLaneAndADoubleClickOpensItsDetail() throws Exception {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(grid.submit("bar" + i + ".sh", "#!/bin/sh\nsleep 3\necho bar " + i + "\n", "timeline"));
        }
        for (TaskRecord t : tasks) {
            await("task " + t.id() + " succeeds", 40, () -> grid.task(t.id()).state() == TaskState.SUCCEEDED);
        }
        robot.interact(() -> {
            robot.lookup("#pool-tabs").queryAs(TabPane.class).getSelectionModel().select(1);
            robot.lookup("#timeline-span").queryAs(javafx.scene.control.ChoiceBox.class).setValue(Duration.ofMinutes(1));
        });
        TimelineModel model = client.model().timeline();
        for (TaskRecord t : tasks) {
            String agent = grid.task(t.id()).agentId();
            await("task " + t.id() + " is a ✓ bar on agent " + agent + "'s lane", () -> fx(() -> model.bars(agent,
                    model.now().minus(model.span()), model.now()).stream()
                    .anyMatch(b -> b.taskId() == t.id() && b.state() == TaskState.SUCCEEDED)));
        }
        TimelineChart chart = client.view().timeline().chart();
        await("the chart draws the four bars on the agents' lanes", () -> fx(() -> {
            client.view().timeline().redraw();
            return chart.barsDrawn() >= 4 && chart.lanes().stream().map(TimelineChart.Lane::agentId).toList()
                    .containsAll(grid.agentIds());
        }));

        TaskRecord last = tasks.get(tasks.size() - 1);
        Point2D at = fx(() -> {
            client.view().timeline().redraw();
            TimelineModel.Bar bar = model.bars(grid.task(last.id()).agentId(), model.now().minus(model.span()), model.now())
                    .stream().filter(b -> b.taskId() == last.id()).findFirst().orElseThrow();
            TimelineChart.Lane lane = chart.lanes().stream().filter(l -> l.agentId().equals(bar.agentId())).findFirst().orElseThrow();
            double x = (chart.xOf(bar.start()) + chart.xOf(bar.end())) / 2;
            double y = lane.y() + (bar.slot() + 0.5) * lane.rowHeight();
            assertEquals(last.id(), chart.barAt(x, y).taskId(), "the bar under its middle is its own");
            return chart.localToScreen(x, y);
        });
        robot.moveTo(at);
        await("hovering tells its task", () -> fx(() -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Tooltip tip && w.isShowing() && tip.getText().startsWith("Task " + last.id() + " · bar3.sh"))));
        robot.doubleClickOn(at);
        await("a double-click opens its detail, with its output", () -> robot.lookup("#detail-stdout").tryQuery()
                .map(n -> ((TextArea) n).getText().contains("bar 3")).orElse(false));
    }

    @Test
    void theUsersTabShowsWhoUsedThePoolAsTheControllerWeighsIt() throws Exception {
        TaskRecord t = grid.submit("used.sh", "#!/bin/sh\nsleep 2\necho used\n", "usage");
        await("task " + t.id() + " succeeds", 40, () -> grid.task(t.id()).state() == TaskState.SUCCEEDED);
        String user = grid.task(t.id()).clientUser();
        robot.interact(() -> robot.lookup("#pool-tabs").queryAs(TabPane.class).getSelectionModel().select(2));
        await("the Users tab lists " + user + " with some recent use", () -> fx(() -> robot.lookup("#usage")
                .queryTableView().getItems().stream().anyMatch(u -> u instanceof io.taskgrid.api.client.UserUsage uu
                        && uu.user().equals(user) && uu.recentCpuSeconds() >= 1.5)));
        assertTrue(fx(() -> robot.lookup("#usage-explanation").queryAs(javafx.scene.control.Label.class).getText())
                .contains("the user with the least recent use goes first"));
    }
}
