package io.taskgrid.fx;

import io.taskgrid.api.agent.AgentInfo;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

/**
 * The agents' context menu: Drain… (asks why) and Resume. Only administrators may; for anyone else the controller's
 * refusal is shown above the agents, in its own words.
 */
final class PoolMenu {
    private final TableView<AgentInfo> agents;
    private final PoolViewModel pool;
    /** The agent the menu was opened on: a heartbeat replaces its row about once a second, and the selection with it. */
    private AgentInfo target;

    PoolMenu(TableView<AgentInfo> agents, PoolViewModel pool) {
        this.agents = agents;
        this.pool = pool;
    }

    ContextMenu build() {
        MenuItem drain = new MenuItem("Drain…");
        drain.setId("menu-drain");
        drain.setOnAction(e -> askReason());
        MenuItem resume = new MenuItem("Resume");
        resume.setId("menu-resume");
        resume.setOnAction(e -> {
            if (target != null) {
                pool.resume(target.id());
            }
        });
        ContextMenu menu = new ContextMenu(drain, resume);
        menu.setId("agents-menu");
        menu.setOnShowing(e -> {
            target = agents.getSelectionModel().getSelectedItem();
            if (target != null && pool.lostSince(target.id()) != null) {
                target = null; // lost: the controller no longer knows it
            }
            drain.setDisable(target == null || target.draining());
            resume.setDisable(target == null || !target.draining());
        });
        return menu;
    }

    private void askReason() {
        AgentInfo agent = target;
        if (agent == null) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog();
        Window owner = agents.getScene() == null ? null : agents.getScene().getWindow();
        dialog.initOwner(owner);
        dialog.setTitle("Drain an agent");
        dialog.setHeaderText("Why is agent " + agent.id() + " drained? It takes no new task; what runs there finishes.");
        dialog.getDialogPane().setId("drain-dialog");
        dialog.getEditor().setId("drain-reason");
        dialog.getEditor().setPromptText("maintenance");
        dialog.showAndWait().ifPresent(reason -> pool.drain(agent.id(), reason.strip()));
    }
}
