package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerAddress;

import java.util.Optional;

/**
 * Asks the person for a user name and password, for a {@link LiveConnection}. Called on the connection's thread, never
 * a UI thread; it blocks until the person answers. A prompt may stay on screen between {@link #ask} and {@link #done}
 * so that a refusal can be shown where the password was typed.
 */
public interface LoginPrompt {
    /**
     * @param address the controller asking
     * @param user    the user name to prefill
     * @param problem the controller's sentence (why a log-in is needed or why the last one failed)
     * @return the credentials typed, or empty when the person cancelled
     */
    Optional<Credentials> ask(ControllerAddress address, String user, String problem) throws InterruptedException;

    /** The attempt that used the last answer is over (connected, or failed for another reason): put the prompt away. */
    void done();

    /** Nobody to ask: a controller that wants a log-in is refused with its sentence. */
    static LoginPrompt none() {
        return new LoginPrompt() {
            @Override
            public Optional<Credentials> ask(ControllerAddress address, String user, String problem) {
                return Optional.empty();
            }

            @Override
            public void done() {
            }
        };
    }
}
