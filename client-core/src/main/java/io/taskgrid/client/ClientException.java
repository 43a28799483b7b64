package io.taskgrid.client;

/**
 * Root of the clients' unchecked errors: the message is one sentence for the person (a terminal line, a status bar,
 * a dialog), the cause is kept. Each interface decides what a kind means to it (the console: an exit code; the
 * desktop: reconnect or show it and go on).
 */
public abstract class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
