package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.session.Connector;
import io.taskgrid.client.session.Credentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell's one log-in: the password is asked through the shell's prompt, once; the status line never asks. */
class ShellLogInTest {
    final FakeController controller = new FakeController("/srv/shared");
    final List<String> passwordsTried = new ArrayList<>();
    final Connector wantsAPassword = (address, credentials, callback) -> {
        passwordsTried.add(credentials.password());
        if (!"s3cret".equals(credentials.password())) {
            throw new LoginNeededException("This controller wants a log-in.", credentials.password() != null, null);
        }
        return controller.connect(address);
    };
    final TerminalLogin login = new TerminalLogin(wantsAPassword, new Credentials("alice", null), PasswordPrompt.none());
    final ControllerAddress home = ControllerAddress.localDefault();
    final SharedSession session = new SharedSession(login, home, note -> { });

    @Test
    void theShellsPromptAsksOnceAndEveryLaterCommandUsesTheSameSession() {
        List<String> questions = new ArrayList<>();
        ControllerConnector asking = session.askingWith(question -> {
            questions.add(question);
            return "s3cret".toCharArray();
        });

        asking.connect(home).close();
        asking.connect(home).close();
        session.askingWith(PasswordPrompt.none()).connect(home).close();

        assertEquals(List.of("Password for alice at localhost:1099: "), questions);
        assertEquals(1, controller.connections.get());
    }

    @Test
    void withoutAPromptTheLogInIsRefusedInWordsAndNothingIsAsked() {
        AccessRefusedException refused = assertThrows(AccessRefusedException.class,
                () -> session.askingWith(PasswordPrompt.none()).connect(home));

        assertTrue(refused.getMessage().contains("asks for a log-in"), refused.getMessage());
        assertTrue(refused.getCause() instanceof LoginNeededException);
        assertEquals(0, controller.connections.get());
    }
}
