package io.taskgrid.fx;

import io.taskgrid.client.session.Credentials;
import io.taskgrid.client.session.LoginPrompt;

import io.taskgrid.api.client.ControllerAddress;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The log-in dialog: user name (prefilled) and password, and the controller's sentence when it refused the last
 * attempt. {@link #ask} is called on the connection thread and waits for the person; the dialog stays open while
 * the answer is checked ("Logging in…"), so a wrong password is shown right where it was typed, and it closes in
 * {@link #done} once the controller accepted (or the attempt failed for another reason).
 */
final class LoginDialog implements LoginPrompt {
    static final ButtonType LOG_IN = new ButtonType("Log in", ButtonBar.ButtonData.OK_DONE);

    private final Window owner;
    // FX thread only.
    private Dialog<ButtonType> dialog;
    private TextField user;
    private PasswordField password;
    private Label problem;
    private Label header;
    private CompletableFuture<Optional<Credentials>> pending;

    LoginDialog(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Credentials> ask(ControllerAddress address, String userName, String sentence) throws InterruptedException {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("The log-in dialog waits for the person; ask from a background thread.");
        }
        CompletableFuture<Optional<Credentials>> answer = new CompletableFuture<>();
        Platform.runLater(() -> show(address, userName, sentence, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Platform.runLater(this::close);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("The log-in dialog failed", e.getCause());
        }
    }

    @Override
    public void done() {
        Platform.runLater(this::close);
    }

    private void show(ControllerAddress address, String userName, String sentence,
                      CompletableFuture<Optional<Credentials>> answer) {
        if (pending != null) {
            pending.complete(Optional.empty());
        }
        pending = answer;
        if (dialog == null) {
            build();
            user.setText(userName);
        }
        header.setText("Log in to the controller at " + address);
        problem.setText(sentence == null ? "" : sentence);
        user.setDisable(false);
        password.setDisable(false);
        password.clear();
        dialog.getDialogPane().lookupButton(LOG_IN).setDisable(false);
        if (!dialog.isShowing()) {
            dialog.show();
        }
        if (user.getText().isBlank()) {
            user.requestFocus();
        } else {
            password.requestFocus();
        }
    }

    private void build() {
        dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Log in");
        dialog.getDialogPane().setId("login-dialog");
        dialog.getDialogPane().getButtonTypes().addAll(LOG_IN, ButtonType.CANCEL);
        user = new TextField();
        user.setId("login-user");
        user.setPrefColumnCount(22);
        password = new PasswordField();
        password.setId("login-password");
        header = new Label();
        header.getStyleClass().add("section-title");
        problem = new Label();
        problem.setId("login-problem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMaxWidth(420);
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.add(header, 0, 0, 2, 1);
        grid.add(new Label("User"), 0, 1);
        grid.add(user, 1, 1);
        grid.add(new Label("Password"), 0, 2);
        grid.add(password, 1, 2);
        grid.add(problem, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(grid);
        Button logIn = (Button) dialog.getDialogPane().lookupButton(LOG_IN);
        logIn.setId("login-button");
        // The dialog stays open while the controller checks the answer; done() closes it.
        logIn.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            if (user.getText().isBlank()) {
                problem.setText("Type your user name at this controller.");
                user.requestFocus();
                return;
            }
            if (pending == null) {
                return;
            }
            user.setDisable(true);
            password.setDisable(true);
            logIn.setDisable(true);
            problem.setText("");
            header.setText("Logging in as " + user.getText().strip() + "…");
            CompletableFuture<Optional<Credentials>> answer = pending;
            pending = null;
            answer.complete(Optional.of(new Credentials(user.getText().strip(), password.getText())));
        });
        // Cancel, Escape or the window's close box.
        dialog.setOnHidden(e -> {
            if (pending != null) {
                CompletableFuture<Optional<Credentials>> answer = pending;
                pending = null;
                answer.complete(Optional.empty());
            }
        });
    }

    private void close() {
        if (pending != null) {
            CompletableFuture<Optional<Credentials>> answer = pending;
            pending = null;
            answer.complete(Optional.empty());
        }
        if (dialog != null && dialog.isShowing()) {
            dialog.close();
        }
    }
}
