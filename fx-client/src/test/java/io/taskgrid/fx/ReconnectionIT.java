package io.taskgrid.fx;

import io.taskgrid.client.session.Connector;
import io.taskgrid.client.session.LiveConnection;
import io.taskgrid.client.session.RmiConnector;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.taskgrid.fx.Fx.await;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window when the controller goes away and comes back, and when events cannot be pushed to it: a real
 * controller on loopback (no agents: tasks stay queued, which is enough to see them arrive), TestFX on
 * headless Monocle.
 */
class ReconnectionIT {
    @TempDir
    Path root;
    private final FxRobot robot = new FxRobot();
    private TestGrid grid;
    private DesktopClient client;
    private Stage stage;
    private final List<String> statuses = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (stage != null) {
            robot.interact(stage::hide);
        }
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void reconnectsByItselfWhenTheControllerRestartsAndShowsTasksSubmittedAfterwards() throws Exception {
        grid = new TestGrid(root, 0);
        TaskRecord before = grid.submit("before.sh", "#!/bin/sh\necho before\n", "restart");
        open(DesktopOptions.of(grid.address()), null);
        await("the task submitted before the restart is listed", () -> fx(() -> client.model().history().row(before.id())) != null);

        grid.stopController();
        await("the status bar says the controller is gone and that it reconnects", () -> statusBarText().startsWith(
                "Lost the controller at " + grid.address()) && statusBarText().contains("reconnecting by itself"));
        assertFalse(fx(() -> client.model().connectedProperty().get()), "the window knows it is not connected");
        robot.interact(() -> stage.setWidth(800));
        await("the sentence cut at the window's edge is whole in the status bar's tooltip", () -> fx(() -> {
            javafx.scene.control.Tooltip tip = statusBar().getTooltip();
            return tip != null && tip.getText().equals(statusBar().getText());
        }));
        assertTrue(fx(() -> client.view().table().getItems().stream().anyMatch(r -> r.id() == before.id())),
                "the rows already shown stay while the controller is away");
        await("the queued task's row is shown as unknown", () -> fx(() -> robot.from(stage.getScene().getRoot())
                .lookup(".table-row-cell." + MainView.STALE).queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() instanceof TaskRow row
                        && row.id() == before.id())));

        grid.startController();
        await("the window reconnects by itself and says so", 30, () -> fx(() -> client.model().connectedProperty().get())
                && statusBarText().startsWith("Reconnected to " + grid.address()));
        await("a sentence shown whole has no tooltip", () -> fx(() -> statusBar().getTooltip() == null));
        await("after the reload no row is shown as unknown", () -> fx(() -> robot.from(stage.getScene().getRoot())
                .lookup(".table-row-cell." + MainView.STALE).queryAll().isEmpty()));
        TaskRecord after = grid.submit("after.sh", "#!/bin/sh\necho after\n", "restart");
        await("the task submitted after the restart arrives by callback", () -> fx(() -> client.model().history().row(after.id())) != null);
        assertTrue(fx(() -> client.model().history().row(before.id())) != null, "the history from before the restart is still listed");
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("Lost the controller")), "statuses seen: " + statuses);

        grid.cancel(after.id());
        await("the cancellation after the restart arrives too", () -> fx(() -> client.model().history().row(after.id())
                .task().state()) == TaskState.CANCELLED);
    }

    @Test
    void pullsEventsWhenToldToWithPull() throws Exception {
        grid = new TestGrid(root, 0);
        open(new DesktopOptions(grid.address(), "puller", 0, true, null), null);
        assertTrue(statusBarText().contains("pulling events"), "the status bar says events are pulled: " + statusBarText());
        eventsStillArrive();
    }

    @Test
    void fallsBackToPullingWhenTheControllerCannotCallThisClientBack() throws Exception {
        grid = new TestGrid(root, 0);
        // The controller gets a callback whose object is gone, as when a firewall or NAT is in the way.
        ClientCallback gone = new ClientCallback() {
            @Override
            public void onEvents(List<GridEvent> events) {
                throw new AssertionError("never called: the object was unexported");
            }
        };
        ClientCallback unreachable = (ClientCallback) UnicastRemoteObject.exportObject(gone, 0);
        UnicastRemoteObject.unexportObject(gone, true);
        RmiConnector real = new RmiConnector(io.taskgrid.policy.transport.RmiTransport.plain(), java.time.Duration.ofSeconds(10),
                io.taskgrid.api.client.ClientKind.DESKTOP, DesktopClient.DIRECTIONS);
        Connector behindFirewall = (address, credentials, callback) -> real.open(address, credentials,
                callback == null ? null : unreachable);
        open(new DesktopOptions(grid.address(), "firewalled", 0, false, null), behindFirewall);
        assertTrue(statusBarText().contains("pulling events"), "the status bar says events are pulled: " + statusBarText());
        eventsStillArrive();
    }

    /** A task submitted elsewhere appears, and its cancellation turns its mark to ⊘: both only by events. */
    private void eventsStillArrive() throws Exception {
        TaskRecord t = grid.submit("pulled.sh", "#!/bin/sh\necho pulled\n", "pull");
        await("the task submitted elsewhere arrives", () -> fx(() -> client.model().history().row(t.id())) != null);
        assertEquals("…", fx(() -> client.model().history().row(t.id()).task().state().mark()));
        grid.cancel(t.id());
        await("its cancellation arrives: ⊘", () -> fx(() -> client.model().history().row(t.id()).task().state().mark()).equals("⊘"));
    }

    private void open(DesktopOptions options, Connector connector) throws Exception {
        robot.interact(() -> {
            stage = new Stage();
            LiveConnection.Settings settings = LiveConnection.Settings.defaults(options.callbackPort(), options.pullEvents());
            client = connector == null ? DesktopClient.open(stage, options, settings, MemoryPreferences.desktop())
                    : DesktopClient.open(stage, options, connector, settings, MemoryPreferences.desktop());
            client.model().statusProperty().addListener((o, was, now) -> statuses.add(now));
            stage.show();
        });
        await("the window connects", () -> fx(() -> client.model().connectedProperty().get()));
    }

    private String statusBarText() throws Exception {
        return fx(() -> statusBar().getText());
    }

    private StatusBar statusBar() {
        return robot.from(stage.getScene().getRoot()).lookup("#status-bar").queryAs(StatusBar.class);
    }
}
