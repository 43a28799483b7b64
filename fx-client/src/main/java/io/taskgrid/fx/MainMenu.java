package io.taskgrid.fx;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The main window's menu bar: File (Submit… Ctrl+N, Connect to…, Quit Ctrl+Q), View (theme, notifications, Refresh
 * F5), Task (Show, Cancel…, Run again Ctrl+R, Open result folder, Copy id) and Help (Help F1, About). Enter, Delete
 * and Ctrl+C stay the history table's own keys (as accelerators they would take those keys from the text fields);
 * the menu names them.
 */
final class MainMenu {
    /** What the menu's items do; the main view provides them. */
    interface Commands {
        void submit();

        void connect();

        void quit();

        void refresh();

        HistoryMenu tasks();

        HelpWindows help();
    }

    private final Commands commands;
    private final MainViewModel model;
    private final ThemeSwitch theme;

    MainMenu(Commands commands, MainViewModel model, ThemeSwitch theme) {
        this.commands = commands;
        this.model = model;
        this.theme = theme;
    }

    MenuBar build() {
        MenuItem submit = item("menu-submit", "Submit…", commands::submit, shortcut(KeyCode.N));
        submit.disableProperty().bind(model.connectedProperty().not());
        Menu file = new Menu("File", null, submit, item("menu-connect", "Connect to…", commands::connect, null),
                new SeparatorMenuItem(), item("menu-quit", "Quit", commands::quit, shortcut(KeyCode.Q)));

        Menu themes = new Menu("Theme");
        themes.setId("menu-theme");
        ToggleGroup group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            RadioMenuItem choice = new RadioMenuItem(t == Theme.SYSTEM ? "As the desktop prefers" : t.label());
            choice.setId("theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            choice.setToggleGroup(group);
            choice.setSelected(theme.choiceProperty().get() == t);
            choice.setOnAction(e -> theme.choiceProperty().set(t));
            themes.getItems().add(choice);
        }
        CheckMenuItem notify = new CheckMenuItem("Notify me when my tasks end");
        notify.setId("notify-toggle");
        notify.selectedProperty().bindBidirectional(model.notifyProperty());
        Menu view = new Menu("View", null, themes, notify, new SeparatorMenuItem(),
                item("menu-refresh", "Refresh", commands::refresh, new KeyCodeCombination(KeyCode.F5)));

        HistoryMenu tasks = commands.tasks();
        Menu task = new Menu("Task", null,
                item("menu-task-show", "Show  (Enter)", tasks::showSelected, null),
                item("menu-task-cancel", "Cancel…  (Delete)", tasks::confirmCancel, null),
                item("menu-task-run-again", "Run again", tasks::runAgain, shortcut(KeyCode.R)),
                item("menu-task-open-results", "Open result folder", tasks::openResults, null),
                item("menu-task-copy-id", "Copy id  (Ctrl+C)", tasks::copyIds, null));
        task.setOnShowing(e -> tasks.enable(task.getItems()));

        Menu help = new Menu("Help", null,
                item("menu-help", "Help", () -> commands.help().help(), new KeyCodeCombination(KeyCode.F1)),
                item("menu-about", "About TaskGrid", () -> commands.help().about(), null));
        MenuBar bar = new MenuBar(file, view, task, help);
        bar.setId("menu-bar");
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static KeyCombination shortcut(KeyCode key) {
        return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN);
    }

    private static MenuItem item(String id, String text, Runnable action, KeyCombination key) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> action.run());
        if (key != null) {
            item.setAccelerator(key);
        }
        return item;
    }
}
