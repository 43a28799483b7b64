package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.taskgrid.fx.Fx.await;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window in daily use (TestFX on headless Monocle, a real controller and an agent on loopback): the detail's
 * program text, result folder and Run again; the filter by several states; the menu bar's Help and About; the theme.
 */
class DesktopDailyUseIT {
    @TempDir
    static Path root;
    private static TestGrid grid;
    private static DesktopClient client;
    private static Stage stage;
    /** What the window asked the desktop to open (the file manager is not started in tests). */
    private static final List<Path> opened = new CopyOnWriteArrayList<>();
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        grid = new TestGrid(root, 1);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            client = DesktopClient.open(s, DesktopOptions.of(grid.address()), MemoryPreferences.desktop(), path -> {
                opened.add(path);
                return null;
            });
            s.show();
        });
        await("the window connects", () -> fx(() -> client.model().connectedProperty().get()));
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

    @AfterEach
    void closeOtherWindows() throws Exception {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage) {
                    w.hide();
                }
            }
        });
    }

    @Test
    void theDetailShowsTheProgramTheAbsoluteResultFolderAndRunsTheTaskAgain() throws Exception {
        Files.writeString(grid.shared.resolve("again.sh"), "#!/bin/sh\necho \"again $1\"\n");
        TaskRecord t = grid.submitAll(List.of(TaskSpec.builder(ProgramSource.shared("again.sh")).project("again")
                .arguments(List.of("first")).priority(-2).build())).get(0);
        await("task " + t.id() + " succeeds", () -> state(t.id()) == TaskState.SUCCEEDED);
        robot.interact(() -> client.view().openDetail(client.model().history().row(t.id())));
        await("the program's text is shown", () -> text("#detail-source").contains("echo \"again $1\""));
        Path results = grid.shared.toRealPath().resolve("results/again/" + t.id());
        await("the result folder is shown as an absolute path", () -> text("#detail-result").equals(results.toString()));
        await("Open result folder is enabled", () -> fx(() -> !robot.lookup("#detail-open-results").queryButton().isDisable()));
        robot.clickOn("#detail-open-results");
        await("the desktop is asked to open the result folder", () -> opened.contains(results));

        robot.clickOn("#detail-run-again");
        await("the detail says which task runs it again", () -> fx(() -> robot.lookup("#detail-notice").queryAs(Label.class)
                .getText()).matches("Task \\d+ runs task " + t.id() + " again\\."));
        long again = Long.parseLong(fx(() -> robot.lookup("#detail-notice").queryAs(Label.class).getText()).split(" ")[1]);
        await("the new task is listed and succeeds", () -> state(again) == TaskState.SUCCEEDED);
        TaskRecord made = grid.task(again);
        assertEquals("again.sh", made.program());
        assertEquals(List.of("first"), made.arguments());
        assertEquals(-2, made.priority());
        assertEquals("again", made.project());
        assertTrue(made.output().contains("again first"), made.output());
        assertEquals(TaskState.SUCCEEDED, made.state(), "forced: it ran, not marked a duplicate of task " + t.id());
    }

    @Test
    void aFailedTaskOpensOnItsErrorsAndItsMessageKeepsItsLineBreaks() throws Exception {
        TaskRecord t = grid.submit("broken.py", "def f(:\n    pass\n", "broken");
        await("task " + t.id() + " fails", () -> state(t.id()) == TaskState.FAILED);
        robot.interact(() -> client.view().openDetail(client.model().history().row(t.id())));
        await("the detail is open", () -> fx(() -> robot.lookup("#detail-outputs").tryQuery().isPresent()));
        assertEquals("detail-errors-tab", fx(() -> robot.lookup("#detail-outputs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().getSelectedItem().getId()));
        String message = grid.task(t.id()).message();
        await("the message is shown with its line breaks", () -> text("#detail-message").equals(message));
        assertTrue(fx(() -> robot.lookup("#detail-message").query() instanceof TextArea), "a text area keeps line breaks");
        await("an inline program sent from elsewhere is shown as the controller keeps it", () ->
                text("#detail-source").equals("def f(:\n    pass\n"));
        assertTrue(fx(() -> robot.lookup("#detail-source-note").queryAs(Label.class).getText())
                .startsWith("Sent inline as broken.py"));
        assertFalse(fx(() -> robot.lookup("#detail-run-again").queryButton().isDisable()), "and it can run again from here");
    }

    @Test
    void aFieldsMenuCopiesItsValueOrAllFields() throws Exception {
        TaskRecord t = grid.submit("copy.sh", "#!/bin/sh\necho copied\n", "copying");
        await("task " + t.id() + " succeeds", () -> state(t.id()) == TaskState.SUCCEEDED);
        robot.interact(() -> client.view().openDetail(client.model().history().row(t.id())));
        await("the detail shows the project", () -> text("#detail-project").startsWith("copying"));
        robot.interact(() -> menuItem("#detail-project", "copy-field").fire());
        assertEquals(text("#detail-project"), fx(() -> Clipboard.getSystemClipboard().getString()));
        robot.interact(() -> menuItem("#detail-agent", "copy-all-fields").fire());
        String all = fx(() -> Clipboard.getSystemClipboard().getString());
        assertTrue(all.contains("Project: copying") && all.contains("Exit code: 0"), all);
    }

    @Test
    void checkingTwoStatesShowsOnlyTasksInThoseAndEscShowsAllAgain() throws Exception {
        TaskRecord ok = grid.submit("ok.sh", "#!/bin/sh\necho ok\n", "states");
        TaskRecord bad = grid.submit("bad.sh", "#!/bin/sh\nexit 2\n", "states");
        TaskRecord slow = grid.submit("slow.sh", "#!/bin/sh\nsleep 60\n", "states");
        await("the three have their states", () -> state(ok.id()) == TaskState.SUCCEEDED && state(bad.id()) == TaskState.FAILED
                && state(slow.id()) == TaskState.RUNNING);
        @SuppressWarnings("unchecked")
        org.controlsfx.control.CheckComboBox<TaskState> states = robot.lookup("#state-filter")
                .queryAs(org.controlsfx.control.CheckComboBox.class);
        try {
            robot.interact(() -> {
                states.getCheckModel().check(TaskState.SUCCEEDED);
                states.getCheckModel().check(TaskState.FAILED);
            });
            await("only succeeded and failed tasks are listed", () -> fx(() -> {
                List<TaskRow> rows = client.view().table().getItems();
                return rows.stream().anyMatch(r -> r.id() == ok.id()) && rows.stream().anyMatch(r -> r.id() == bad.id())
                        && rows.stream().allMatch(r -> r.task().state() == TaskState.SUCCEEDED || r.task().state() == TaskState.FAILED);
            }));
            assertTrue(fx(() -> client.model().history().row(slow.id())) == null, "the running task is not shown");
            robot.clickOn("#filter");
            robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
            await("Esc unchecks the states and the running task is back", () -> fx(() ->
                    states.getCheckModel().getCheckedItems().isEmpty() && client.model().history().row(slow.id()) != null));
        } finally {
            grid.cancel(slow.id());
        }
    }

    @Test
    void f1ShowsTheHelpAndAboutTellsTheVersionAndTheController() throws Exception {
        robot.interact(() -> client.view().table().requestFocus());
        robot.press(javafx.scene.input.KeyCode.F1).release(javafx.scene.input.KeyCode.F1);
        await("the help opens on the desktop section", () -> fx(() -> robot.lookup("#help-text").tryQuery()
                .map(n -> ((TextArea) n).getText()).orElse("")).contains("Ctrl+N"));
        robot.interact(() -> robot.lookup("#help-dialog").query().getScene().getWindow().hide());
        robot.interact(() -> menuBarItem("menu-about").fire());
        String address = grid.address().toString();
        await("About names the protocol and the controller", () -> fx(() -> robot.lookup("#about-dialog").tryQuery()
                .map(n -> ((javafx.scene.control.DialogPane) n).getContentText()).orElse(""))
                .contains("Protocol " + io.taskgrid.api.Version.PROTOCOL + ".\nController: " + address + "."));
        assertTrue(fx(() -> ((javafx.scene.control.DialogPane) robot.lookup("#about-dialog").query()).getHeaderText())
                .startsWith("TaskGrid "));
    }

    @Test
    void choosingTheDarkThemeSwitchesTheStylesheetAndLightSwitchesBack() throws Exception {
        try {
            robot.interact(() -> menuBarItem("theme-dark").fire());
            assertEquals(ThemeSwitch.DARK, fx(javafx.application.Application::getUserAgentStylesheet));
            assertTrue(fx(() -> client.theme().darkProperty().get()));
            robot.interact(() -> menuBarItem("theme-light").fire());
            assertEquals(ThemeSwitch.LIGHT, fx(javafx.application.Application::getUserAgentStylesheet));
        } finally {
            robot.interact(() -> client.theme().choiceProperty().set(Theme.LIGHT));
        }
    }

    /** An item of the menu bar, in a menu or a submenu, by id; on the FX thread. */
    private javafx.scene.control.MenuItem menuBarItem(String id) {
        javafx.scene.control.MenuBar bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        java.util.Deque<javafx.scene.control.MenuItem> todo = new java.util.ArrayDeque<>(bar.getMenus());
        while (!todo.isEmpty()) {
            javafx.scene.control.MenuItem item = todo.pop();
            if (id.equals(item.getId())) {
                return item;
            }
            if (item instanceof javafx.scene.control.Menu menu) {
                todo.addAll(menu.getItems());
            }
        }
        throw new AssertionError("no menu item " + id);
    }

    private javafx.scene.control.MenuItem menuItem(String field, String id) {
        return robot.lookup(field).queryAs(TextInputControl.class).getContextMenu().getItems().stream()
                .filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    private String text(String query) throws Exception {
        return fx(() -> robot.lookup(query).tryQuery().map(n -> ((TextInputControl) n).getText()).orElse(""));
    }

    private static TaskState state(long id) throws Exception {
        return fx(() -> {
            TaskRow row = client.model().history().row(id);
            return row == null ? null : row.task().state();
        });
    }
}
