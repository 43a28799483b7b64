package io.taskgrid.api;

/**
 * Root of the checked exceptions that TaskGrid's remote methods declare. Each subclass names one
 * problem a caller can act on; the message is a sentence meant for a person.
 */
public class TaskGridException extends Exception {
    private static final long serialVersionUID = 1L;

    public TaskGridException(String message) {
        super(message);
    }

    public TaskGridException(String message, Throwable cause) {
        super(message, cause);
    }
}
