package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/** "Connect to…": another controller's address and the user to log in as; refuses a bad address or no user in words. */
final class ConnectDialog {
    /** What the person chose. */
    record Choice(ControllerAddress address, String user) {
    }

    private ConnectDialog() {
    }

    /** Asks, starting from the current address and user; empty when cancelled. */
    static Optional<Choice> ask(Window owner, String currentAddress, String currentUser) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Connect to…");
        dialog.setHeaderText("Connect to another controller");
        dialog.getDialogPane().setId("connect-dialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        TextField address = new TextField(currentAddress);
        address.setId("connect-address");
        address.setPrefColumnCount(24);
        TextField user = new TextField(currentUser);
        user.setId("connect-user");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.add(new Label("Controller (HOST:PORT)"), 0, 0);
        grid.add(address, 1, 0);
        grid.add(new Label("User"), 0, 1);
        grid.add(user, 1, 1);
        Label hint = new Label("The controller asks for the password when it wants a log-in.");
        hint.getStyleClass().add("dim");
        grid.add(hint, 0, 2, 2, 1);
        dialog.getDialogPane().setContent(grid);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                ControllerAddress.parse(address.getText());
            } catch (IllegalArgumentException ex) {
                dialog.setHeaderText(ex.getMessage());
                e.consume();
                return;
            }
            if (user.getText().isBlank()) {
                dialog.setHeaderText("Type the user name to log in as (your login name if the controller has no log-in).");
                e.consume();
            }
        });
        Platform.runLater(address::requestFocus);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK)
                .map(b -> new Choice(ControllerAddress.parse(address.getText()), user.getText().strip()));
    }
}
