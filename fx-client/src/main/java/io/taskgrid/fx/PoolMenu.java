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
            AgentInfo agent = agents.getSelectionModel().getSelectedItem();
            if (agent != null) {
                pool.resume(agent.id());
            }
        });
        ContextMenu menu = new ContextMenu(drain, resume);
        menu.setId("agents-menu");
        menu.setOnShowing(e -> {
            AgentInfo agent = agents.getSelectionModel().getSelectedItem();
            drain.setDisable(agent == null || agent.draining());
            resume.setDisable(agent == null || !agent.draining());
        });
        return menu;
    }

    private void askReason() {
        AgentInfo agent = agents.getSelectionModel().getSelectedItem();
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
