package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.taskgrid.fx.Fx.await;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window against a controller that wants a log-in (a users file, as `taskgrid controller --users` runs it):
 * the log-in dialog, a refused password, the right one, credentials from the environment, Cancel, and a
 * reconnection that does not ask again. Real RMI on loopback, TestFX on headless Monocle.
 */
class LoginIT {
    private static final String USER = "ann";
    private static final String PASSWORD = "ann-secret-1";

    @TempDir
    Path root;
    private final FxRobot robot = new FxRobot();
    private TestGrid grid;
    private DesktopClient client;
    private Stage stage;
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    /** How often the log-in dialog was shown (counted when it is on screen). */
    private final AtomicInteger dialogsShown = new AtomicInteger();

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
    void asksForThePasswordShowsARefusalAndConnectsWithTheRightOneWithoutAskingAgainAfterARestart() throws Exception {
        grid = TestGrid.withLogIn(root, USER, PASSWORD);
        TaskRecord earlier = grid.submit("earlier.sh", "#!/bin/sh\necho earlier\n", "login");
        open(new DesktopOptions(grid.address(), USER, null, 0, false, null, null));

        await("the log-in dialog appears", this::dialogShowing);
        assertEquals(1, dialogsShown.get(), "the dialog is counted once it is on screen");
        assertEquals(USER, fx(() -> robot.lookup("#login-user").queryAs(TextField.class).getText()), "the user is prefilled");
        assertTrue(problem().contains("asks for a log-in"), "the dialog says why: " + problem());
        assertFalse(fx(() -> client.model().connectedProperty().get()), "not connected before the log-in");

        logIn("not-her-password");
        await("the refusal appears in the dialog", () -> problem().contains("Wrong user name or password"));
        assertTrue(dialogShowing(), "the dialog stays open to try again");
        assertEquals("", fx(() -> robot.lookup("#login-password").queryAs(PasswordField.class).getText()),
                "the refused password is cleared");

        logIn(PASSWORD);
        await("the right password connects", () -> fx(() -> client.model().connectedProperty().get()));
        await("the history shows the task submitted before", () -> fx(() -> client.model().history().row(earlier.id())) != null);
        await("the dialog is gone", () -> !dialogShowing());
        assertTrue(statusBarText().startsWith("Connected to " + grid.address()), statusBarText());
        await("the pool lists this window under the user who logged in",
                () -> fx(() -> client.model().pool().clients().stream().anyMatch(c -> c.user().equals(USER))));

        int shownBefore = dialogsShown.get();
        grid.stopController();
        await("the window notices the controller is gone", () -> statusBarText().startsWith("Lost the controller"));
        grid.startController();
        await("it reconnects by itself", 30, () -> fx(() -> client.model().connectedProperty().get())
                && statusBarText().startsWith("Reconnected to " + grid.address()));
        assertEquals(shownBefore, dialogsShown.get(), "the reconnection reused the credentials without asking");
        assertFalse(dialogShowing());
        TaskRecord later = grid.submit("later.sh", "#!/bin/sh\necho later\n", "login");
        await("events arrive after the reconnection", () -> fx(() -> client.model().history().row(later.id())) != null);
    }

    @Test
    void credentialsFromTheEnvironmentConnectWithoutADialog() throws Exception {
        grid = TestGrid.withLogIn(root, USER, PASSWORD);
        TaskRecord earlier = grid.submit("earlier.sh", "#!/bin/sh\necho earlier\n", "login");
        open(new DesktopOptions(grid.address(), USER, PASSWORD, 0, false, null, null));
        await("the window connects", () -> fx(() -> client.model().connectedProperty().get()));
        await("the history shows", () -> fx(() -> client.model().history().row(earlier.id())) != null);
        assertEquals(0, dialogsShown.get(), "no log-in dialog with TASKGRID_USER and TASKGRID_PASSWORD");
        assertTrue(statuses.stream().noneMatch(s -> s.contains("cancelled")), "statuses: " + statuses);
    }

    @Test
    void aWrongPasswordFromTheEnvironmentOpensTheDialogWithTheRefusal() throws Exception {
        grid = TestGrid.withLogIn(root, USER, PASSWORD);
        open(new DesktopOptions(grid.address(), USER, "stale-password", 0, false, null, null));
        await("the log-in dialog appears", this::dialogShowing);
        assertTrue(problem().contains("Wrong user name or password"), "the dialog says why: " + problem());
        logIn(PASSWORD);
        await("the right password connects", () -> fx(() -> client.model().connectedProperty().get()));
    }

    @Test
    void cancelLeavesTheWindowDisconnectedSayingWhy() throws Exception {
        grid = TestGrid.withLogIn(root, USER, PASSWORD);
        open(new DesktopOptions(grid.address(), USER, null, 0, false, null, null));
        await("the log-in dialog appears", this::dialogShowing);
        robot.clickOn("Cancel");
        await("the status bar says the log-in was cancelled", () -> statusBarText().contains("the log-in was cancelled")
                && statusBarText().contains("Connect to…"));
        assertFalse(fx(() -> client.model().connectedProperty().get()));
        assertFalse(dialogShowing());
        // It does not retry by itself: no dialog comes back.
        Thread.sleep(1500);
        assertFalse(dialogShowing(), "after Cancel the window waits for the user");
        assertTrue(fx(() -> robot.lookup("#submit-button").query().isDisabled()), "nothing can be submitted");
    }

    private void open(DesktopOptions options) throws Exception {
        robot.interact(() -> {
            stage = new Stage();
            client = DesktopClient.open(stage, options, MemoryPreferences.desktop());
            client.model().statusProperty().addListener((o, was, now) -> statuses.add(now));
            javafx.stage.Window.getWindows().addListener((javafx.collections.ListChangeListener<javafx.stage.Window>) c -> {
                while (c.next()) {
                    for (javafx.stage.Window w : c.getAddedSubList()) {
                        if (w.getScene() != null && w.getScene().lookup("#login-dialog") != null) {
                            dialogsShown.incrementAndGet();
                        }
                    }
                }
            });
            stage.show();
        });
    }

    private void logIn(String password) throws Exception {
        await("the password field is editable", () -> fx(() -> !robot.lookup("#login-password").queryAs(PasswordField.class)
                .isDisabled()));
        robot.interact(() -> robot.lookup("#login-password").queryAs(PasswordField.class).setText(password));
        robot.clickOn("#login-button");
    }

    private boolean dialogShowing() throws Exception {
        return fx(() -> robot.lookup("#login-password").tryQuery().map(n -> n.getScene().getWindow().isShowing()).orElse(false));
    }

    private String problem() throws Exception {
        return fx(() -> robot.lookup("#login-problem").tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    private String statusBarText() throws Exception {
        return fx(() -> robot.from(stage.getScene().getRoot()).lookup("#status-bar").queryAs(StatusBar.class).getText());
    }
}
